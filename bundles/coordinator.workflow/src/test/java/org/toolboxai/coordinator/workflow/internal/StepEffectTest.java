package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepEffect;
import org.toolboxai.api.workflow.StepFailure;
import org.toolboxai.api.workflow.StepResult;
import org.toolboxai.api.workflow.WorkflowRun;

/** Step effects run on the scheduler's loop thread: bounded, and a failing one costs only its step's attempt. */
class StepEffectTest extends SchedulerTestSupport {

    private static final String ONCE = """
            {"name": "once", "steps": [{"id": "only", "type": "t.effect", "retries": 0}]}""";
    private static final String TWICE = """
            {"name": "twice", "steps": [{"id": "only", "type": "t.effect", "retries": 1}]}""";
    private static final String PLAIN = """
            {"name": "plain", "steps": [{"id": "p", "type": "t.plain"}]}""";
    private static final long EFFECT_BUDGET_MILLIS = 1000;

    @Override
    List<String> templateJson() {
        return List.of(ONCE, TWICE, PLAIN);
    }

    @BeforeEach
    void effectTable() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE effect_log (step_key VARCHAR(300), attempt INT)");
        }
    }

    private Scheduler schedulerWithEffect(StepEffect effect) throws Exception {
        Scheduler s = scheduler(new EngineSettings(10, 10, 4, 30_000, 0, 10, 50, EFFECT_BUDGET_MILLIS));
        s.handlerAdded(handler("t.effect", c -> StepResult.of(Map.of()).withEffect(effect)));
        s.handlerAdded(echo("t.plain"));
        return s;
    }

    private int loggedRows() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM effect_log")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void log(Connection connection, String key, int attempt) throws java.sql.SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO effect_log VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setInt(2, attempt);
            ps.executeUpdate();
        }
    }

    @Test
    void anEffectThatKeepsWritingPastItsBudgetIsCutOffAndFailsItsAttempt() throws Exception {
        Scheduler s = schedulerWithEffect(connection -> {
            for (int i = 0; ; i++) {
                log(connection, "row " + i, 1);
            }
        });
        long started = System.nanoTime();

        WorkflowRun run = awaitState(s, s.create("once", null, "tom").id(), RunState.FAILED);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
        StepFailure failure = step(run, "only").failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.TIMED_OUT);
        assertThat(failure.message()).contains("took longer than their 1000 ms");
        // rolled back with the batch: nothing of it is left
        assertThat(loggedRows()).isZero();
        // and the loop goes on
        awaitState(s, s.create("plain", null, "tom").id(), RunState.COMPLETED);
    }

    @Test
    void anEffectThatReturnsLateFailsItsAttemptEvenWithoutStatements() throws Exception {
        Scheduler s = schedulerWithEffect(connection -> {
            log(connection, "before the wait", 1);
            try {
                new CountDownLatch(1).await(EFFECT_BUDGET_MILLIS + 300, TimeUnit.MILLISECONDS); // work JDBC cannot see
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        WorkflowRun run = awaitState(s, s.create("once", null, "tom").id(), RunState.FAILED);

        assertThat(step(run, "only").failure().kind()).isEqualTo(FailureKind.TIMED_OUT);
        assertThat(loggedRows()).isZero();
    }

    @Test
    void aFailingEffectFailsOnlyThatAttemptAndTheRetryCommitsWithItsEffect() throws Exception {
        Scheduler s = scheduler(settings(10, 10, 4));
        s.handlerAdded(handler("t.effect", c -> StepResult.of(Map.of("attempt", c.attempt())).withEffect(connection -> {
            if (c.attempt() == 1) {
                try (Statement st = connection.createStatement()) {
                    st.executeUpdate("INSERT INTO no_such_table VALUES (1)");
                }
            }
            log(connection, c.idempotencyKey(), c.attempt());
        })));

        WorkflowRun run = awaitState(s, s.create("twice", null, "tom").id(), RunState.COMPLETED);

        assertThat(step(run, "only").attempt()).isEqualTo(2);
        assertThat(step(run, "only").output()).containsEntry("attempt", 2);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT step_key, attempt FROM effect_log")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(run.id() + "/only");
            assertThat(rs.getInt(2)).isEqualTo(2);
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void anEffectMayNotEndTheEnginesTransaction() throws Exception {
        Scheduler s = schedulerWithEffect(connection -> {
            log(connection, "then commits", 1);
            connection.commit();
        });

        WorkflowRun run = awaitState(s, s.create("once", null, "tom").id(), RunState.FAILED);

        assertThat(step(run, "only").failure().kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(step(run, "only").error()).contains("may not call Connection.commit()");
        assertThat(loggedRows()).isZero();
    }
}
