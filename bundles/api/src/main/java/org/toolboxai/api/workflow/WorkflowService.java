package org.toolboxai.api.workflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.toolboxai.api.http.FieldError;

/** Creates, inspects and controls durable workflow runs. */
@ProviderType
public interface WorkflowService {

    /**
     * Validates the parameters, persists the run and queues it.
     *
     * @throws WorkflowException INVALID (unknown template, bad parameters) or QUEUE_FULL
     */
    WorkflowRun create(String template, Map<String, Object> parameters, String owner);

    /**
     * What {@link #create} would refuse these parameters for, without starting anything: an
     * unknown template, every invalid or missing parameter. Empty when they are valid.
     *
     * @since 2.1
     */
    List<FieldError> check(String template, Map<String, Object> parameters);

    /** The run with its steps. */
    Optional<WorkflowRun> find(String runId);

    /** Runs matching the query, newest first. */
    RunPage list(RunQuery query);

    /** Stops starting new steps; running ones finish. @throws WorkflowException NOT_FOUND or CONFLICT */
    WorkflowRun pause(String runId);

    /** Continues a paused run. @throws WorkflowException NOT_FOUND or CONFLICT */
    WorkflowRun resume(String runId);

    /** Cancels a run; running steps are asked to stop. @throws WorkflowException NOT_FOUND or CONFLICT */
    WorkflowRun cancel(String runId);

    /**
     * Makes one branch of a finished run again: an instance of an optional sub-flow (its steps'
     * config names it, e.g. {@code lesson_3}), with every step after it; the other steps keep
     * their outputs. The run is queued again and runs as any other.
     *
     * @throws WorkflowException NOT_FOUND (no such run or branch) or CONFLICT (the run has not finished)
     * @since 2.2
     */
    WorkflowRun retryBranch(String runId, String branch);

    /** The loaded templates, by name. */
    List<TemplateInfo> templates();
}
