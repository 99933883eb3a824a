package org.toolboxai.coordinator.content.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.event.Event;
import org.toolboxai.api.workflow.RunPage;
import org.toolboxai.api.workflow.RunQuery;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.RunSummary;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.StepView;
import org.toolboxai.api.workflow.TemplateInfo;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;

/** A workflow engine in memory: runs by id, their parameters, and the run events it would post. */
final class FakeWorkflows implements WorkflowService {

    final Map<String, WorkflowRun> runs = new ConcurrentHashMap<>();
    final AtomicInteger creates = new AtomicInteger();
    final AtomicInteger lists = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();

    WorkflowRun put(String id, String owner, RunState state, Map<String, Object> parameters) {
        List<StepView> steps = state == RunState.COMPLETED
                ? List.of(new StepView(WorkflowContentService.PACKAGE_STEP, "integration", StepState.COMPLETED, List.of(), false, 1,
                        Map.of("package", Map.of("id", id)), null, null, null, null))
                : List.of();
        WorkflowRun run = new WorkflowRun(id, WorkflowContentService.TEMPLATE, owner, state, parameters,
                state == RunState.COMPLETED ? 100 : 10, null, List.of(), state == RunState.FAILED ? "it broke" : null,
                Instant.EPOCH, null, null, steps, null);
        runs.put(id, run);
        return run;
    }

    /** A completed run whose last step made this package. */
    WorkflowRun completed(String id, String owner, Map<String, Object> parameters, Map<String, Object> contentPackage) {
        WorkflowRun run = new WorkflowRun(id, WorkflowContentService.TEMPLATE, owner, RunState.COMPLETED, parameters, 100, null,
                List.of(), null, Instant.EPOCH, Instant.EPOCH, Instant.ofEpochSecond(60),
                List.of(new StepView(WorkflowContentService.PACKAGE_STEP, "integration", StepState.COMPLETED, List.of(), false, 1,
                        Map.of("package", contentPackage), null, null, null, null)), null);
        runs.put(id, run);
        return run;
    }

    /** The run reaches a final state; the event the engine would post. */
    Event finish(String id, RunState state) {
        WorkflowRun run = runs.get(id);
        put(id, run.owner(), state, run.parameters());
        return event(id, state);
    }

    static Event event(String id, RunState state) {
        return new Event(WorkflowContentService.RUN_TOPIC + state.name(),
                Map.of("run_id", id, "template", WorkflowContentService.TEMPLATE));
    }

    @Override
    public WorkflowRun create(String template, Map<String, Object> parameters, String owner) {
        creates.incrementAndGet();
        return put("run-" + ids.incrementAndGet(), owner, RunState.QUEUED, parameters);
    }

    @Override
    public List<org.toolboxai.api.http.FieldError> check(String template, Map<String, Object> parameters) {
        return List.of();
    }

    @Override
    public Optional<WorkflowRun> find(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public RunPage list(RunQuery query) {
        lists.incrementAndGet();
        List<RunSummary> found = new ArrayList<>();
        for (WorkflowRun run : runs.values()) {
            if ((query.state() == null || run.state() == query.state()) && (query.owner() == null || run.owner().equals(query.owner()))) {
                found.add(new RunSummary(run.id(), run.template(), run.owner(), run.state(), run.createdAt(), null));
            }
        }
        return new RunPage(found.stream().skip(query.offset()).limit(query.limit()).toList(), found.size());
    }

    @Override
    public WorkflowRun pause(String runId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public WorkflowRun resume(String runId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public WorkflowRun cancel(String runId) {
        WorkflowRun run = runs.get(runId);
        if (run.state().isFinal()) {
            throw new WorkflowException(WorkflowException.Kind.CONFLICT, "run " + runId + " is " + run.state());
        }
        return put(runId, run.owner(), RunState.CANCELLED, run.parameters());
    }

    @Override
    public WorkflowRun retryBranch(String runId, String branch) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<TemplateInfo> templates() {
        return List.of();
    }
}
