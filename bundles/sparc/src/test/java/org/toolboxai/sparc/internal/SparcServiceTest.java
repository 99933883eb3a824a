package org.toolboxai.sparc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.sparc.model.Irt;
import org.toolboxai.store.internal.SchemaMigrator;

/** SPARC's sessions on a real H2 store (PostgreSQL in the subclass): the loop, its access rules and every refused answer. */
class SparcServiceTest {

    static final Caller ANA = new Caller("ana", Role.VIEWER, "token");
    static final Caller BEN = new Caller("ben", Role.VIEWER, "token");
    static final Caller TOM = new Caller("tom", Role.TEACHER, "basic");
    static final Caller LEE = new Caller("lee", Role.TEACHER, "token");
    static final Caller ADMIN = new Caller("admin", Role.ADMIN, "basic");

    SparcService sparc;
    SparcStore store;

    DataSource newDataSource() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:sparc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        return h2;
    }

    @BeforeEach
    void store() throws Exception {
        DataSource ds = newDataSource();
        SchemaMigrator.migrate(ds, "sparc", SparcService.class.getClassLoader(), "db/sparc");
        store = new SparcStore(ds);
        store.transaction(c -> SparcStore.insertItems(c, bank("maths", 40)));
        sparc = new SparcService(store, Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC));
    }

    /** A 2PL-like bank of arithmetic items "n + n" whose key is 2n, over 4 skills, b from -2 to 2. */
    static List<Item> bank(String bank, int n) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double b = -2 + 4.0 * i / (n - 1);
            String skill = "skill-" + (i % 4);
            items.add(new Item(bank + "-" + i, bank, "Objective " + (i % 4), skill, "multiple_choice", "What is " + i + " + " + i + "?",
                    List.of(Integer.toString(2 * i), Integer.toString(2 * i + 1), Integer.toString(2 * i + 2)),
                    List.of(Integer.toString(2 * i)), "Doubling " + i + " gives " + 2 * i + ".", null, 1 + i * 5 / n, 5, 1.2, b, 1 / 3.0,
                    b, Item.BAND, 0, 0, 0, "run-1", "tom", 0));
        }
        return items;
    }

    static String key(Wire.Presented item) {
        int n = Integer.parseInt(item.prompt().replaceAll("What is (\\d+) \\+.*", "$1"));
        return Integer.toString(2 * n);
    }

    static String wrong(Wire.Presented item) {
        return item.options().stream().filter(o -> !o.equals(key(item))).findFirst().orElseThrow();
    }

    int answers() throws SQLException {
        return store.read(SparcStore::answerCount);
    }

    @Test
    void anAssessmentRunsToItsStopRuleAndEveryBadAnswerIsRefusedWithTheModelUnchanged() throws Exception {
        Wire.SessionView s = sparc.start(ANA, new Wire.StartRequest(null, "Maths", null, 12, 4, 0.3, null));
        String id = s.id();
        assertThat(s.student()).isEqualTo("ana");
        assertThat(s.item().position()).isEqualTo(1);
        Random random = new Random(7);
        double trueTheta = 0.8;
        int answered = 0;
        while (s.state().equals("active")) {
            Wire.Presented item = s.item();
            Item stored = store.read(c -> SparcStore.item(c, item.itemId())).orElseThrow();
            boolean right = random.nextDouble() < Irt.p(trueTheta, stored.irt());
            Wire.AnswerView a = sparc.answer(ANA, id, new Wire.AnswerRequest(item.position(), item.itemId(), right ? key(item) : wrong(item)));
            answered++;
            assertThat(a.correct()).isEqualTo(right);
            assertThat(a.answer()).as("an assessment does not reveal keys").isNull();
            assertThat(a.feedback()).as("nor explanations").isIn("Right.", "Not quite.");
            if (answered == 3) {
                int before = answers();
                // replayed: the same answer again
                assertProblem(() -> sparc.answer(ANA, id, new Wire.AnswerRequest(item.position(), item.itemId(), key(item))), 409,
                        "answered already");
                // an item not presented
                assertProblem(() -> sparc.answer(ANA, id, new Wire.AnswerRequest(a.session().item().position(), "maths-0", "0")), 409,
                        "was not presented");
                // someone else's session is absent
                assertProblem(() -> sparc.answer(BEN, id, new Wire.AnswerRequest(a.session().item().position(),
                        a.session().item().itemId(), "0")), 404, "No SPARC session");
                // not one of the options
                assertProblem(() -> sparc.answer(ANA, id, new Wire.AnswerRequest(a.session().item().position(),
                        a.session().item().itemId(), "banana")), 400, "1 field");
                assertThat(answers()).as("nothing of it counted").isEqualTo(before);
                assertThat(sparc.session(ANA, id).answered()).isEqualTo(3);
            }
            s = a.session();
        }
        assertThat(s.result()).isNotNull();
        assertThat(s.result().answered()).isEqualTo(answered).isBetween(4, 12);
        assertThat(s.result().stopReason()).isIn("precision", "max_length");
        assertThat(s.result().skills()).isNotEmpty();
        assertThat(s.result().feedback()).contains("right");
        assertThat(answers()).isEqualTo(answered);
        // the reported θ and SE are the EAP of the session's answers, recomputed here from the log
        List<Irt.Response> responses = new ArrayList<>();
        for (SparcStore.Logged l : store.read(c -> SparcStore.answersOfSession(c, id))) {
            responses.add(new Irt.Response(l.item(), l.correct()));
        }
        Irt.Estimate eap = Irt.eap(responses, 0, 1);
        assertThat(s.result().theta()).isEqualTo(eap.theta(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.result().se()).isEqualTo(eap.se(), org.assertj.core.data.Offset.offset(1e-9));
        // finished: any further answer is refused
        Wire.SessionView done = s;
        assertProblem(() -> sparc.answer(ANA, done.id(), new Wire.AnswerRequest(done.answered() + 1, "maths-1", "2")), 409, "finished");
        assertProblem(() -> sparc.answer(ANA, done.id(), new Wire.AnswerRequest(1, "maths-1", "2")), 409, "answered already");
        // the profile rests on the same answers
        Wire.Profile profile = sparc.profile(ANA, "ana");
        assertThat(profile.abilities()).singleElement().satisfies(a -> assertThat(a.answers()).isEqualTo(done.answered()));
        assertThat(profile.sessions()).singleElement().satisfies(v -> assertThat(v.state()).isEqualTo("finished"));
    }

    @Test
    void startChecksEveryFieldAtOnce() {
        ProblemException e = (ProblemException) org.assertj.core.api.Assertions.catchThrowable(
                () -> sparc.start(ANA, new Wire.StartRequest("bad name!", "", "cram", 0, -1, 5.0, 9.0)));
        assertThat(e.problem().status()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) e.problem().extensions().get("errors");
        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("student", "bank", "mode", "max_items", "min_items", "target_se", "cut_score");
        assertProblem(() -> sparc.start(ANA, new Wire.StartRequest(null, "history", null, null, null, null, null)), 404, "No item bank");
        assertProblem(() -> sparc.start(ANA, new Wire.StartRequest("ben", "maths", null, null, null, null, null)), 403, "ben");
    }

    @Test
    void aTeacherSeesOnlyTheStudentsOfTheirClasses() throws Exception {
        Wire.SessionView s = sparc.start(BEN, new Wire.StartRequest(null, "maths", null, 5, 1, 0.3, null));
        assertProblem(() -> sparc.session(TOM, s.id()), 404, "No SPARC session");
        sparc.createClass(ADMIN, new Wire.ClassRequest("7A", "tom", List.of("ben", "cara")));
        assertThat(sparc.session(TOM, s.id()).student()).isEqualTo("ben");
        assertProblem(() -> sparc.session(LEE, s.id()), 404, "No SPARC session");
        assertThat(sparc.classes(LEE).classes()).isEmpty();
        // the teacher follows the session; only ben answers in it, and he may leave it
        assertProblem(() -> sparc.answer(TOM, s.id(), new Wire.AnswerRequest(1, s.item().itemId(), key(s.item()))), 403, "Only ben");
        assertProblem(() -> sparc.abandon(LEE, s.id()), 404, "No SPARC session");
        Wire.SessionView left = sparc.abandon(BEN, s.id());
        assertThat(left.state()).isEqualTo("finished");
        assertThat(left.result().stopReason()).isEqualTo("abandoned");
        assertProblem(() -> sparc.answer(BEN, s.id(), new Wire.AnswerRequest(1, s.item().itemId(), key(s.item()))), 409, "finished");
        assertThat(sparc.classes(TOM).classes()).singleElement().satisfies(c -> assertThat(c.students()).containsExactly("ben", "cara"));
        assertThat(sparc.session(ADMIN, s.id()).student()).isEqualTo("ben");
        // the teacher may start a session for an enrolled student, not for another
        assertThat(sparc.start(TOM, new Wire.StartRequest("cara", "maths", null, 5, 1, 0.3, null)).student()).isEqualTo("cara");
        assertProblem(() -> sparc.start(TOM, new Wire.StartRequest("ana", "maths", null, 5, 1, 0.3, null)), 403, "ana");
    }

    @Test
    void oneAnswerCountsWhenTheSameAnswerArrivesEightTimesAtOnce() throws Exception {
        Wire.SessionView s = sparc.start(ANA, new Wire.StartRequest(null, "maths", null, 10, 5, 0.3, null));
        Wire.Presented item = s.item();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> {
                    try {
                        sparc.answer(ANA, s.id(), new Wire.AnswerRequest(1, item.itemId(), key(item)));
                        return 200;
                    } catch (ProblemException e) {
                        return e.problem().status();
                    }
                });
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(x -> x == 200).hasSize(1);
            assertThat(statuses).filteredOn(x -> x == 409).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        assertThat(answers()).isEqualTo(1);
        assertThat(sparc.session(ANA, s.id()).item().position()).isEqualTo(2);
    }

    @Test
    void studentsAnsweringTheSameItemAtOnceAreEachCounted() throws Exception {
        Item only = bank("solo", 2).get(1);
        store.transaction(c -> SparcStore.insertItems(c, List.of(only)));
        List<Caller> students = new ArrayList<>();
        List<Wire.SessionView> sessions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            students.add(new Caller("c" + i, Role.VIEWER, "token"));
            sessions.add(sparc.start(students.get(i), new Wire.StartRequest(null, "solo", null, 1, 1, 0.3, null)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int k = i;
                calls.add(() -> sparc.answer(students.get(k), sessions.get(k).id(),
                        new Wire.AnswerRequest(1, only.id(), k % 2 == 0 ? key(sessions.get(k).item()) : wrong(sessions.get(k).item()))).correct());
            }
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Wire.ItemStats stats = sparc.bank("solo").list().get(0);
        assertThat(stats.responses()).as("no answer's count lost").isEqualTo(8);
        assertThat(stats.pValue()).isEqualTo(0.5);
        assertThat(stats.presented()).isEqualTo(8);
    }

    @Test
    void practiceRecordsEachDecisionAndRewardsItWithTheMeasuredMasteryGain() throws Exception {
        Wire.SessionView s = sparc.start(ANA, new Wire.StartRequest(null, "maths", "practice", 6, null, null, null));
        while (s.state().equals("active")) {
            Wire.Presented item = s.item();
            assertThat(item.action()).isIn("worked_example", "hint", "practice", "challenge", "review");
            Wire.AnswerView a = sparc.answer(ANA, s.id(), new Wire.AnswerRequest(item.position(), item.itemId(), key(item)));
            assertThat(a.answer()).as("practice shows the key").containsExactly(key(item));
            s = a.session();
        }
        assertThat(s.result().stopReason()).isEqualTo("max_length");
        Wire.Profile p = sparc.profile(ANA, "ana");
        assertThat(p.decisions()).hasSize(6);
        // all answers right: every reward is a gain in BKT mastery, recomputed here
        assertThat(p.decisions()).allSatisfy(d -> assertThat(d.reward()).isNotNull().isGreaterThan(0));
        for (Wire.DecisionView d : p.decisions()) {
            SparcStore.Decision stored = store.read(c -> SparcStore.decision(c, d.sessionId(), d.position())).orElseThrow();
            assertThat(stored.masteryBefore()).isBetween(0.0, 1.0);
        }
        // the whole loop, for offline evaluation: one CSV row per decision, its reward filled in
        java.io.ByteArrayOutputStream csv = new java.io.ByteArrayOutputStream();
        sparc.exportDecisions(csv);
        List<String> lines = csv.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).startsWith("seq,student,session_id,position,skill,context,action");
        assertThat(lines.subList(1, 7)).allSatisfy(l -> {
            String[] f = l.split(",", -1);
            assertThat(f).hasSize(11);
            assertThat(f[1]).isEqualTo("ana");
            assertThat(Double.parseDouble(f[9])).isGreaterThan(0);
        });
        assertThat(SparcService.csv("a,\"b\"\nc")).isEqualTo("\"a,\"\"b\"\"\nc\"");
        assertThat(SparcService.csv("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        // a new service (another node, a restart) learns the same policy from the store
        assertThat(new SparcService(store, Clock.systemUTC())).isNotNull();
    }

    @Test
    void anItemMovesByEloThenByIrtOnceItHasEnoughAnswers() throws Exception {
        Item only = bank("one", 2).get(0);
        store.transaction(c -> SparcStore.insertItems(c, List.of(only)));
        // 60 students answer it as the first item of their session (ability estimate 0 before it): 45 right, 15 wrong
        double eloB = Double.NaN;
        for (int i = 0; i < 60; i++) {
            Caller student = new Caller("s" + i, Role.VIEWER, "token");
            Wire.SessionView s = sparc.start(student, new Wire.StartRequest(null, "one", null, 1, 1, 0.3, null));
            assertThat(s.item().itemId()).isEqualTo(only.id());
            sparc.answer(student, s.id(), new Wire.AnswerRequest(1, only.id(), i % 4 == 3 ? wrong(s.item()) : key(s.item())));
            Wire.ItemStats stats = sparc.bank("one").list().get(0);
            if (i + 1 < SparcService.IRT_CALIBRATION_ANSWERS) {
                assertThat(stats.calibration()).isEqualTo("elo");
                if (!Double.isNaN(eloB)) {
                    assertThat(Math.abs(stats.b() - eloB)).as("Elo steps shrink as answers grow").isLessThan(1.0 / (1 + 0.05 * (i - 1)) + 1e-9);
                }
                eloB = stats.b();
            } else {
                assertThat(stats.calibration()).isEqualTo("irt");
            }
        }
        Wire.BankStats stats = sparc.bank("one");
        assertThat(stats.answers()).isEqualTo(60);
        assertThat(stats.sessions()).isEqualTo(60);
        assertThat(stats.maxExposure()).isEqualTo(1.0);
        // the IRT difficulty maximises the likelihood of the 60 answers with the abilities taken as known: each
        // finished session's final estimate, and for the last answer (its session still running) the one before it;
        // found here by bisection on the score, independently of the product's Newton steps
        List<double[]> observations = store.read(c -> {
            List<double[]> out = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT s.theta, a.theta_before, a.correct FROM sparc_answer a JOIN sparc_session s"
                    + " ON s.id = a.session_id WHERE a.item_id = ? ORDER BY a.seq"); ) {
                ps.setString(1, only.id());
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new double[] {rs.getDouble(1), rs.getDouble(2), rs.getBoolean(3) ? 1 : 0});
                    }
                }
            }
            return out;
        });
        assertThat(observations).hasSize(60);
        double c = only.c();
        java.util.function.DoubleUnaryOperator score = b -> {
            double sum = 0;
            for (int k = 0; k < observations.size(); k++) {
                double theta = k == observations.size() - 1 ? observations.get(k)[1] : observations.get(k)[0];
                double p = c + (1 - c) / (1 + Math.exp(-only.a() * (theta - b)));
                sum += -only.a() * (observations.get(k)[2] - p) * (p - c) / (p * (1 - c));
            }
            return sum;
        };
        double lo = -6;
        double hi = 6;
        for (int k = 0; k < 200; k++) {
            double mid = (lo + hi) / 2;
            if (score.applyAsDouble(mid) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        assertThat(stats.list().get(0).b()).isCloseTo((lo + hi) / 2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(stats.list().get(0).infit()).isNotNull();
    }

    @Test
    void aSkillGetsFittedBktParametersOnceThirtyStudentsAnsweredIt() throws Exception {
        org.toolboxai.sparc.model.Bkt.Params truth = new org.toolboxai.sparc.model.Bkt.Params(0.3, 0.2, 0.15, 0.1, 0);
        Random random = new Random(3);
        store.transaction(c -> {
            for (int student = 0; student < 60; student++) {
                // skill "many": 60 students x 40 answers from the true BKT; skill "few": 10 students
                for (String skill : student < 10 ? List.of("many", "few") : List.of("many")) {
                    boolean known = random.nextDouble() < truth.prior();
                    for (int i = 0; i < 40; i++) {
                        boolean right = known ? random.nextDouble() >= truth.slip() : random.nextDouble() < truth.guess();
                        SparcStore.insertAnswer(c, "st" + student, skill + "#" + i, "maths", skill, "maths-0", Irt.Item.twoPl(1, 0), right,
                                20000 + i, 0, null, "1");
                        known = known || random.nextDouble() < truth.learn();
                    }
                }
            }
            return null;
        });
        sparc.refitSkills();
        org.toolboxai.sparc.model.Bkt.Params fitted = sparc.params("many");
        assertThat(fitted).isNotEqualTo(org.toolboxai.sparc.model.Bkt.DEFAULTS);
        assertThat(fitted.learn()).isCloseTo(truth.learn(), org.assertj.core.data.Offset.offset(0.08));
        assertThat(fitted.slip()).isCloseTo(truth.slip(), org.assertj.core.data.Offset.offset(0.08));
        assertThat(sparc.params("few")).as("10 students are not enough").isEqualTo(org.toolboxai.sparc.model.Bkt.DEFAULTS);
    }

    static void assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String detail) {
        assertThatThrownBy(call).isInstanceOf(ProblemException.class)
                .satisfies(e -> {
                    ProblemException p = (ProblemException) e;
                    assertThat(p.problem().status()).as(p.problem().detail()).isEqualTo(status);
                    assertThat(p.problem().detail()).contains(detail);
                });
    }
}
