package org.toolboxai.sparc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.sparc.model.Bkt;
import org.toolboxai.sparc.model.Fsrs;
import org.toolboxai.sparc.model.Irt;
import org.toolboxai.sparc.model.LearnerModel;
import org.toolboxai.store.internal.SchemaMigrator;

/** The answer log on a real H2 store (and PostgreSQL in the subclass): once per key, in order, and the model rebuilt from it. */
class AnswerLogTest {

    AnswerLog log;
    final Bkt.Params params = new Bkt.Params(0.1, 0.3, 0.1, 0.03, 0);

    DataSource newDataSource() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:sparc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        return h2;
    }

    @BeforeEach
    void store() throws Exception {
        DataSource ds = newDataSource();
        SchemaMigrator.migrate(ds, "sparc", AnswerLog.class.getClassLoader(), "db/sparc");
        log = new AnswerLog(ds);
    }

    @Test
    void aReplayedAnswerIsFoundNotCountedAndTheRebuiltModelIsTheOneAppliedInOrder() throws Exception {
        String student = "s-" + UUID.randomUUID();
        Irt.Item item = Irt.Item.twoPl(1.2, 0.3);
        boolean[] answers = {true, false, true, true};
        LearnerModel live = new LearnerModel(Fsrs.standard());
        for (int i = 0; i < answers.length; i++) {
            AnswerLog.Answer a = log.record(student, "session-1:item-" + i, "math", "fractions", "item-" + i, item, answers[i], 100 + i);
            assertThat(a.replayed()).isFalse();
            live.answered("math", "fractions", item, answers[i], params, 100 + i);
        }
        // the same answer again (a retry after a lost reply), even with another outcome: found, not counted
        AnswerLog.Answer again = log.record(student, "session-1:item-1", "math", "fractions", "item-1", item, true, 200);
        assertThat(again.replayed()).isTrue();
        assertThat(again.correct()).as("what was logged first stands").isFalse();
        assertThat(log.of(student)).hasSize(4).extracting(AnswerLog.Answer::key)
                .containsExactly("session-1:item-0", "session-1:item-1", "session-1:item-2", "session-1:item-3");

        LearnerModel rebuilt = log.rebuild(student, skill -> params, Fsrs.standard());
        assertThat(rebuilt.skill("fractions")).isEqualTo(live.skill("fractions"));
        assertThat(rebuilt.ability("math")).isEqualTo(live.ability("math"));
    }

    @Test
    void theSameAnswerSentAtOnceFromManyThreadsIsLoggedOnce() throws Exception {
        String student = "s-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<AnswerLog.Answer>> tries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tries.add(() -> log.record(student, "k", "math", "ratios", "item-9", Irt.Item.twoPl(1, 0), true, 5));
        }
        int fresh = 0;
        for (Future<AnswerLog.Answer> f : pool.invokeAll(tries)) {
            fresh += f.get().replayed() ? 0 : 1;
        }
        pool.shutdown();
        assertThat(fresh).isEqualTo(1);
        assertThat(log.of(student)).hasSize(1);
    }
}
