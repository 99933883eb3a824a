package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepResult;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;

/**
 * An optional sub-flow's instances are branches: one that fails ends only itself (the rest of it
 * skipped, running steps abandoned), what follows runs with the branches that finished, the run
 * completes; and that branch alone (with what follows it) can be made again.
 */
class BranchTest extends SchedulerTestSupport {

    private static final String LESSON = """
            {"name": "lesson", "steps": [
               {"id": "plan", "type": "t.plan"},
               {"id": "quiz", "type": "t.quiz", "depends_on": ["plan"]},
               {"id": "slow", "type": "t.slow", "depends_on": ["plan"]},
               {"id": "pack", "type": "t.pack", "depends_on": ["quiz", "slow"]}]}""";
    private static final String COURSE = """
            {"name": "course", "parameters": {"n": {"type": "integer", "default": 3, "min": 1, "max": 5}},
             "steps": [
               {"id": "outline", "type": "t.outline"},
               {"id": "lesson", "subflow": "lesson", "repeat": "n", "depends_on": ["outline"], "optional": true},
               {"id": "final", "type": "t.final", "depends_on": ["lesson"]}]}""";
    private static final String STRICT = """
            {"name": "strict", "steps": [
               {"id": "lesson", "subflow": "lesson", "repeat": "n", "depends_on": []},
               {"id": "final", "type": "t.final", "depends_on": ["lesson"]}],
             "parameters": {"n": {"type": "integer", "default": 2, "min": 1, "max": 5}}}""";

    @Override
    List<String> templateJson() {
        return List.of(LESSON, COURSE, STRICT);
    }

    private final AtomicBoolean quiz2Fails = new AtomicBoolean(true);
    private final CountDownLatch never = new CountDownLatch(1);

    @SuppressWarnings("unchecked")
    private static List<String> inputs(Map<String, Object> output) {
        return (List<String>) output.get("inputs");
    }

    private Scheduler start() throws Exception {
        return start(new CountDownLatch(0));
    }

    /** The handlers; the outline waits for {@code outline}. */
    private Scheduler start(CountDownLatch outline) throws Exception {
        Scheduler s = scheduler(10, 10, 8);
        s.handlerAdded(handler("t.outline", c -> {
            outline.await();
            if (c.parameters().get("n") instanceof Number n && n.intValue() == 4) {
                throw FailureException.permanent("no outline for four");
            }
            return StepResult.of(Map.of());
        }));
        s.handlerAdded(echo("t.plan"));
        s.handlerAdded(echo("t.pack"));
        s.handlerAdded(echo("t.final"));
        s.handlerAdded(handler("t.quiz", c -> {
            if (c.stepId().equals("lesson_2.quiz") && quiz2Fails.get()) {
                throw FailureException.permanent("the model's key is wrong");
            }
            return StepResult.of(Map.of("quiz", c.stepId()));
        }));
        // lesson 2's slow step is still running when its quiz fails: it is abandoned, not waited for
        s.handlerAdded(handler("t.slow", c -> {
            if (c.stepId().equals("lesson_2.slow") && quiz2Fails.get()) {
                never.await();
            }
            return StepResult.of(Map.of());
        }));
        return s;
    }

    @Test
    void aFailedLessonFailsOnlyItsBranchAndIsMadeAgainAlone() throws Exception {
        Scheduler s = start();
        String id = s.create("course", Map.of("n", 3), "tom").id();
        WorkflowRun done = awaitState(s, id, RunState.COMPLETED);
        assertThat(step(done, "lesson_2.quiz").state()).isEqualTo(StepState.FAILED);
        assertThat(step(done, "lesson_2.quiz").error()).contains("the model's key is wrong");
        assertThat(step(done, "lesson_2.slow").state()).isEqualTo(StepState.SKIPPED);
        assertThat(step(done, "lesson_2.pack").state()).isEqualTo(StepState.SKIPPED);
        for (String lesson : List.of("lesson_1", "lesson_3")) {
            assertThat(step(done, lesson + ".pack").state()).isEqualTo(StepState.COMPLETED);
        }
        // the step after the sub-flow ran with what the finished branches made
        assertThat(step(done, "final").state()).isEqualTo(StepState.COMPLETED);
        assertThat(inputs(step(done, "final").output())).containsExactly("lesson_1.pack", "lesson_3.pack");

        assertThatThrownBy(() -> s.retryBranch(id, "lesson_9")).isInstanceOf(WorkflowException.class)
                .hasFieldOrPropertyWithValue("kind", WorkflowException.Kind.NOT_FOUND);
        quiz2Fails.set(false);
        WorkflowRun queued = s.retryBranch(id, "lesson_2");
        assertThat(queued.state()).isIn(RunState.QUEUED, RunState.RUNNING, RunState.COMPLETED);
        WorkflowRun again = awaitState(s, id, RunState.COMPLETED);
        assertThat(step(again, "lesson_2.pack").state()).isEqualTo(StepState.COMPLETED);
        assertThat(inputs(step(again, "final").output())).containsExactly("lesson_1.pack", "lesson_2.pack", "lesson_3.pack");
        // the other lessons and the outline were not made again; lesson 2 and the final step were
        assertThat(executions.get("lesson_1.plan").get()).isEqualTo(1);
        assertThat(executions.get("lesson_3.quiz").get()).isEqualTo(1);
        assertThat(executions.get("outline").get()).isEqualTo(1);
        assertThat(executions.get("lesson_2.plan").get()).isEqualTo(2);
        assertThat(executions.get("final").get()).isEqualTo(2);
        never.countDown();
    }

    @Test
    void aRunThatHasNotFinishedCannotRetryAndARequiredSubFlowStillFailsTheRun() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        Scheduler s = start(hold);
        // without "optional", a lesson's failure fails the run as before
        String strict = s.create("strict", Map.of("n", 2), "tom").id();
        WorkflowRun failed = awaitState(s, strict, RunState.FAILED);
        assertThat(step(failed, "final").state()).isEqualTo(StepState.SKIPPED);
        assertThat(failed.steps().stream().filter(x -> x.id().startsWith("lesson_1.")).allMatch(x -> x.state().isFinal())).isTrue();

        String running = s.create("course", Map.of("n", 1), "tom").id();
        await().atMost(BOUND).until(() -> step(s.find(running), "outline").state() == StepState.RUNNING);
        assertThatThrownBy(() -> s.retryBranch(running, "lesson_1")).isInstanceOf(WorkflowException.class)
                .hasFieldOrPropertyWithValue("kind", WorkflowException.Kind.CONFLICT);
        hold.countDown();
        awaitState(s, running, RunState.COMPLETED);

        // a run that failed before its branches: a branch cannot be made again without what it needs
        String noOutline = s.create("course", Map.of("n", 4), "tom").id();
        awaitState(s, noOutline, RunState.FAILED);
        assertThatThrownBy(() -> s.retryBranch(noOutline, "lesson_1")).isInstanceOf(WorkflowException.class)
                .hasFieldOrPropertyWithValue("kind", WorkflowException.Kind.CONFLICT).hasMessageContaining("outline");
        assertThat(s.find(noOutline).state()).isEqualTo(RunState.FAILED);
        never.countDown();
    }
}
