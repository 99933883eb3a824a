package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepEffect;
import org.toolboxai.api.workflow.StepState;

/** The group commit on its own: one bad write in a batch costs only itself. */
class GroupCommitTest extends SchedulerTestSupport {

    private WorkflowStore store;
    private final List<String> committed = new ArrayList<>();
    private final Map<String, Exception> unstored = new LinkedHashMap<>();
    private GroupCommit commit;

    @Override
    List<String> templateJson() {
        return List.of();
    }

    @BeforeEach
    void run() throws Exception {
        store = new WorkflowStore(dataSource);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE effect_log (step_id VARCHAR(30))");
        }
        List<StepRecord> steps = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            steps.add(new StepRecord(new PlannedStep(id, "t/" + id, "t", List.of(), false, 1000, 0, Map.of()),
                    StepState.PENDING, 0, null, null, 0, 0));
        }
        store.insertRun(new RunRecord("r1", "t", "tom", RunState.RUNNING, Map.of(), null, 1, 1, 0, steps));
        commit = new GroupCommit(store, () -> 30_000, (write, e) -> unstored.put(((WorkflowStore.Completion) write).stepId(), e));
    }

    private static StepEffect logs(String stepId) {
        return connection -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO effect_log VALUES (?)")) {
                ps.setString(1, stepId);
                ps.executeUpdate();
            }
        };
    }

    private void complete(String stepId, StepEffect effect) {
        commit.add(new WorkflowStore.Completion("r1", stepId, StepState.COMPLETED, 1, Map.of("by", stepId), null, 1, 2,
                List.of(effect)), () -> committed.add(stepId));
    }

    private Map<String, StepState> storedStates() throws SQLException {
        Map<String, StepState> states = new LinkedHashMap<>();
        store.find("r1").steps().forEach(s -> states.put(s.plan().id(), s.state()));
        return states;
    }

    private List<String> logged() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT step_id FROM effect_log ORDER BY step_id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    @Test
    void aBatchWithOneFailingEffectCommitsTheOthersOneByOneWithoutApplyingTheBadEffectAgain() throws Exception {
        AtomicInteger badCalls = new AtomicInteger();
        complete("a", logs("a"));
        complete("b", connection -> {
            badCalls.incrementAndGet();
            logs("b").apply(connection);
            throw new SQLException("constraint violated");
        });
        complete("c", logs("c"));

        commit.flush();

        assertThat(committed).containsExactly("a", "c");
        assertThat(unstored).containsOnlyKeys("b");
        assertThat(unstored.get("b")).isInstanceOf(StepEffects.EffectFailed.class).hasMessageContaining("constraint violated");
        assertThat(badCalls).hasValue(1);
        assertThat(storedStates()).containsExactly(Map.entry("a", StepState.COMPLETED), Map.entry("b", StepState.PENDING),
                Map.entry("c", StepState.COMPLETED));
        assertThat(logged()).containsExactly("a", "c");
    }

    @Test
    void whatAnAfterCommitActionQueuesIsCommittedBeforeAnswersRun() throws Exception {
        List<Map<String, StepState>> seenByAnswer = new ArrayList<>();
        commit.add(new WorkflowStore.Completion("r1", "a", StepState.COMPLETED, 1, Map.of(), null, 1, 2, List.of()),
                () -> commit.add(new WorkflowStore.OpenSteps("r1", StepState.CANCELLED, 3)));
        commit.answerAfterCommit(() -> {
            try {
                seenByAnswer.add(storedStates());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        commit.flush();

        assertThat(seenByAnswer).containsExactly(Map.of("a", StepState.COMPLETED, "b", StepState.CANCELLED,
                "c", StepState.CANCELLED));
    }
}
