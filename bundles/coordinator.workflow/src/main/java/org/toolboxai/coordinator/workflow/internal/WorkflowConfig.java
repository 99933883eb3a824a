package org.toolboxai.coordinator.workflow.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the workflow engine ({@code etc/org.toolboxai.coordinator.workflow.cfg}). */
@ObjectClassDefinition(name = "Toolbox workflow engine", description = "Limits of the durable workflow scheduler")
public @interface WorkflowConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.coordinator.workflow";

    @AttributeDefinition(name = "Runs at once", description = "Runs executing at the same time; more wait in the queue", min = "1")
    int max_running_runs() default 10;

    @AttributeDefinition(name = "Queue capacity", description = "Runs that may wait; beyond it, creating a run answers 429", min = "0")
    int queue_capacity() default 1000;

    @AttributeDefinition(name = "Worker threads", description = "Steps executing at the same time across all runs; "
            + "threads stuck in handlers that ignore their time-out come on top, up to as many again", min = "1")
    int worker_threads() default 16;

    @AttributeDefinition(name = "Step time-out", description = "Seconds per attempt, from the moment its handler starts, "
            + "unless the template says otherwise", min = "1")
    long default_step_timeout_seconds() default 600;

    @AttributeDefinition(name = "Retries", description = "Extra attempts after a failure unless the template says otherwise", min = "0")
    int default_retries() default 2;

    @AttributeDefinition(name = "First retry delay", description = "Milliseconds; doubles each attempt, with jitter", min = "0")
    long retry_initial_millis() default 1000;

    @AttributeDefinition(name = "Longest retry delay", description = "Milliseconds", min = "0")
    long retry_max_millis() default 60000;

    @AttributeDefinition(name = "Effect time-out", description = "Seconds one step's store effects may take in its "
            + "completion's commit; beyond that they fail the attempt", min = "1")
    long effect_timeout_seconds() default 30;

    @AttributeDefinition(name = "Lease", description = "Seconds a node's runs stay its own without a heartbeat "
            + "(it beats four times per lease); then another node on the same database takes them over", min = "2")
    int lease_seconds() default 10;

    @AttributeDefinition(name = "Node id", description = "This node's name among the nodes sharing the database; "
            + "empty: generated once and kept in ${karaf.data}/toolbox/node-id")
    String node_id() default "";

    @AttributeDefinition(name = "Template folder", description = "Extra templates (*.json), overriding built-ins of the same name; empty: ${karaf.etc}/toolbox/workflows")
    String template_folder() default "";
}
