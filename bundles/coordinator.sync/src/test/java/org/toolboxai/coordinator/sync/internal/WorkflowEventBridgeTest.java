package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.WorkflowEvents;
import org.toolboxai.store.internal.SchemaMigrator;

/** The workflow engine's EventAdmin events reach the log under their run's topic, with their priorities and properties. */
class WorkflowEventBridgeTest {

    EventBus bus;
    WorkflowEventBridge bridge;

    @BeforeEach
    void store() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:bridge-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrator.migrate(h2, "sync", WorkflowEventBridge.class.getClassLoader(), "db/sync");
        bus = new EventBus(new EventLog(h2, Clock.systemUTC(), "node-a"));
        bridge = new WorkflowEventBridge(bus);
    }

    @Test
    void runAndStepEventsArePublishedOnTheRunsTopic() throws Exception {
        bridge.handleEvent(new Event(WorkflowEvents.runTopic(RunState.RUNNING), Map.of(WorkflowEvents.RUN_ID, "r1",
                WorkflowEvents.STATE, "RUNNING", WorkflowEvents.TEMPLATE, "educational_content", WorkflowEvents.OWNER, "ada",
                WorkflowEvents.PROGRESS, 12.5)));
        bridge.handleEvent(new Event(WorkflowEvents.stepTopic(StepState.values()[0]), Map.of(WorkflowEvents.RUN_ID, "r1",
                WorkflowEvents.STATE, StepState.values()[0].name(), WorkflowEvents.STEP_ID, "quiz", WorkflowEvents.TYPE, "agent",
                WorkflowEvents.ATTEMPT, 2)));
        bridge.handleEvent(new Event(WorkflowEvents.runTopic(RunState.COMPLETED), Map.of(WorkflowEvents.STATE, "COMPLETED")));
        bridge.handleEvent(new Event("org/toolboxai/workflow/other/X", Map.of(WorkflowEvents.RUN_ID, "r1")));

        List<EventLog.Event> logged = bus.log().since(0, Set.of(), 10);
        assertThat(logged).extracting(EventLog.Event::topic).containsExactly("workflow/run/r1", "workflow/run/r1");
        assertThat(logged).extracting(EventLog.Event::priority).containsExactly(7, 5);
        assertThat(logged.get(0).payload().get("progress").asDouble()).isEqualTo(12.5);
        assertThat(logged.get(0).payload().get("owner").asText()).isEqualTo("ada");
        assertThat(logged.get(0).payload().get("kind").asText()).isEqualTo("run");
        assertThat(logged.get(1).payload().get("step_id").asText()).isEqualTo("quiz");
        assertThat(logged.get(1).payload().get("attempt").asInt()).isEqualTo(2);
        assertThat(logged.get(1).payload().get("kind").asText()).isEqualTo("step");
    }
}
