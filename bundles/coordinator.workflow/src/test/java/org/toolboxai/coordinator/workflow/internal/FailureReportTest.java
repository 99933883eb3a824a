package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.workflow.RunState;

/**
 * A handler fault (an exception no component typed) is reported with its run, step and owner;
 * a typed failure is not, since the component that typed it reports it with its own context.
 */
class FailureReportTest extends SchedulerTestSupport {

    private static final String BUGGY = """
            {"name": "buggy", "steps": [{"id": "b", "type": "t.buggy", "retries": 1}]}""";
    private static final String TYPED = """
            {"name": "typed", "steps": [{"id": "p", "type": "t.typed", "retries": 1}]}""";

    record Report(String runId, String stepId, String owner, String type, Throwable thrown) {
    }

    @Override
    List<String> templateJson() {
        return List.of(BUGGY, TYPED);
    }

    @Test
    void aHandlerFaultIsReportedWithItsContextAndATypedFailureIsNot() throws Exception {
        Scheduler s = scheduler(4, 10, 4);
        List<Report> reports = new CopyOnWriteArrayList<>();
        s.failureReporter((attempt, thrown) -> reports.add(new Report(attempt.context.runId(), attempt.context.stepId(),
                attempt.context.owner(), attempt.step.plan.type(), thrown)));
        s.handlerAdded(handler("t.buggy", c -> {
            throw new NullPointerException("lesson.title");
        }));
        s.handlerAdded(handler("t.typed", c -> {
            throw FailureException.permanent("HTTP 400 from the provider");
        }));

        String buggy = awaitState(s, s.create("buggy", null, "tom").id(), RunState.FAILED).id();
        awaitState(s, s.create("typed", null, "tom").id(), RunState.FAILED);

        assertThat(reports).hasSize(2).allSatisfy(r -> {
            assertThat(r.runId()).isEqualTo(buggy);
            assertThat(r.stepId()).isEqualTo("b");
            assertThat(r.owner()).isEqualTo("tom");
            assertThat(r.type()).isEqualTo("t.buggy");
            assertThat(r.thrown()).isInstanceOf(NullPointerException.class).hasMessage("lesson.title");
        });
    }
}
