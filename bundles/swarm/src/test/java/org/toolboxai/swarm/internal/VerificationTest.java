package org.toolboxai.swarm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.swarm.QuestionSolver;
import org.toolboxai.api.swarm.SwarmTask;
import org.toolboxai.api.swarm.Verification;

class VerificationTest {

    private SwarmService swarm;

    @AfterEach
    void stop() {
        if (swarm != null) {
            swarm.stop();
        }
    }

    /** Ten questions whose right answers are known; the ones at {@code wrong} carry a wrong key. */
    static Quiz quiz(int count, List<Integer> wrong) {
        List<Quiz.Question> qs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            List<String> options = List.of("planet " + i, "star " + i, "moon " + i, "comet " + i);
            String key = wrong.contains(i) ? "star " + i : "planet " + i;
            qs.add(new Quiz.Question("q" + i, "multiple_choice", "o1", "Which body is number " + i + " in the list?", options,
                    List.of(key), 1, "because"));
        }
        return new Quiz("Bodies", qs);
    }

    static SwarmTask task(String pkg, FakeModels models) {
        return new SwarmTask(pkg, "run-1", "quiz_creation", "tom", 3, "quiz", null, models);
    }

    /** A solver that answers right: the option "planet n" of the prompt's number. */
    static String right(com.fasterxml.jackson.databind.JsonNode q) {
        return q.path("options").get(0).asText();
    }

    @Test
    void solversThatAnswerRightCatchEveryWrongKeyAndConfirmTheRest() throws Exception {
        swarm = new SwarmService(Configs.of());
        FakeModels models = new FakeModels();
        models.solver = (p, q) -> right(q);
        List<Integer> wrong = List.of(3, 8);   // 20% of ten

        Verification v = swarm.verify(quiz(10, wrong), task("p1", models), null);

        Map<String, String> decisions = new HashMap<>();
        v.questions().forEach(q -> decisions.put(q.questionId(), q.decision()));
        assertThat(decisions).containsEntry("q3", Verification.QuestionCheck.FLAGGED).containsEntry("q8", Verification.QuestionCheck.FLAGGED);
        assertThat(decisions.entrySet().stream().filter(e -> !e.getKey().equals("q3") && !e.getKey().equals("q8")))
                .allMatch(e -> e.getValue().equals(Verification.QuestionCheck.ACCEPTED));
        assertThat(v.status()).isEqualTo(Verification.PARTLY_VERIFIED);
        assertThat(v.modelCalls()).isEqualTo(30);
        Verification.QuestionCheck q3 = v.questions().get(2);
        assertThat(q3.key()).containsExactly("star 3");
        assertThat(q3.solvers()).hasSize(3).allMatch(a -> a.answer().equals(List.of("planet 3")) && !a.agrees());
        // the solvers never saw a key: no request carries one
        assertThat(models.requests).noneMatch(r -> r.prompt().contains("star 3\"]") || r.prompt().contains("\"answer\""));
    }

    @Test
    void aQuizMadeAgainIsVerifiedAgainOnlyWhereItChangedAndItsFixedKeysCountAsRegenerated() throws Exception {
        swarm = new SwarmService(Configs.of());
        FakeModels models = new FakeModels();
        models.solver = (p, q) -> right(q);
        Verification first = swarm.verify(quiz(5, List.of(2)), task("p2", models), null);
        assertThat(models.requests).hasSize(15);

        Verification second = swarm.verify(quiz(5, List.of()), task("p2", models), first);

        assertThat(models.requests).hasSize(18);   // only q2 changed
        assertThat(second.questions().get(1).decision()).isEqualTo(Verification.QuestionCheck.REGENERATED);
        assertThat(second.questions().get(1).regenerations()).isEqualTo(1);
        assertThat(second.questions().get(0).decision()).isEqualTo(Verification.QuestionCheck.ACCEPTED);
        assertThat(second.status()).isEqualTo(Verification.VERIFIED);
        assertThat(second.modelCalls()).isEqualTo(18);
    }

    @Test
    void solversThatDisagreeAmongThemselvesDecideByTheConfiguredShare() throws Exception {
        swarm = new SwarmService(Configs.of("solver_providers", "a,b,c"));
        FakeModels models = new FakeModels();
        // q1: a and b right, c wrong: 2 of 3 agree with the key -> accepted
        // q2: only a right -> flagged; q3: nobody can answer -> unverified
        models.solver = (p, q) -> {
            String prompt = q.path("prompt").asText();
            if (prompt.contains("number 3")) {
                return null;
            }
            boolean wrongOne = p.equals("c") || prompt.contains("number 2") && p.equals("b");
            return wrongOne ? q.path("options").get(2).asText() : right(q);
        };

        Verification v = swarm.verify(quiz(3, List.of()), task("p3", models), null);

        assertThat(v.questions()).extracting(Verification.QuestionCheck::decision).containsExactly(
                Verification.QuestionCheck.ACCEPTED, Verification.QuestionCheck.FLAGGED, Verification.QuestionCheck.UNVERIFIED);
        assertThat(v.questions().get(0).agreement()).isEqualTo(2.0 / 3);
        assertThat(v.questions().get(1).agreement()).isEqualTo(1.0 / 3);
        assertThat(v.questions().get(0).solvers()).extracting(Verification.SolverAnswer::solver).containsExactly("a#1", "b#2", "c#3");
        assertThat(models.callsByProvider.keySet()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(v.note()).contains("cannot solve questions");
    }

    @Test
    void oneDissentAmongSolversThatFailedIsNotADispute() throws Exception {
        swarm = new SwarmService(Configs.of("solver_providers", "a,b,c"));
        FakeModels models = new FakeModels();
        // only c answers, and wrongly: as many answers must dispute a key as must confirm it (2 of 3)
        models.solver = (p, q) -> p.equals("c") ? q.path("options").get(2).asText() : null;

        Verification v = swarm.verify(quiz(1, List.of()), task("p8", models), null);

        assertThat(v.questions().get(0).decision()).isEqualTo(Verification.QuestionCheck.UNVERIFIED);
        assertThat(v.status()).isEqualTo(Verification.NOT_VERIFIED);
    }

    @Test
    void aProviderThatCannotSolveIsNeverCalled() throws Exception {
        swarm = new SwarmService(Configs.of());
        FakeModels models = new FakeModels();
        models.cannot.add("fake");

        Verification v = swarm.verify(quiz(5, List.of()), task("p10", models), null);

        assertThat(models.requests).isEmpty();
        assertThat(v.status()).isEqualTo(Verification.NOT_VERIFIED);
        assertThat(v.questions()).allMatch(q -> q.decision().equals(Verification.QuestionCheck.UNVERIFIED));
        assertThat(v.note()).contains("fake cannot solve questions").contains("solver.providers");
    }

    @Test
    void aQuestionWithNullsIsVerifiedNotThrown() throws Exception {
        swarm = new SwarmService(Configs.of());
        FakeModels models = new FakeModels();
        models.solver = (p, q) -> "anything";
        java.util.List<String> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        Quiz quiz = new Quiz("x", List.of(new Quiz.Question("q1", "short_answer", "o1", null, null, withNull, 1, null)));

        Verification v = swarm.verify(quiz, task("p9", models), null);

        assertThat(v.questions()).hasSize(1);
        assertThat(v.questions().get(0).key()).isEmpty();
    }

    @Test
    void aDeterministicSolverDecidesAloneWithoutAModel() throws Exception {
        swarm = new SwarmService(Configs.of());
        swarm.addSolver(new QuestionSolver() {
            @Override
            public String name() {
                return "adder";
            }

            @Override
            public Optional<List<String>> solve(Quiz.Question q) {
                assertThat(q.answer()).isEmpty();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("What is (\\d+) \\+ (\\d+)\\?").matcher(q.prompt());
                return m.matches() ? Optional.of(List.of(String.valueOf(Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)))))
                        : Optional.empty();
            }

            @Override
            public boolean agrees(List<String> answer, List<String> key) {
                return answer.equals(key);
            }
        });
        FakeModels models = new FakeModels();
        Quiz quiz = new Quiz("Sums", List.of(
                new Quiz.Question("q1", "short_answer", "o1", "What is 2 + 3?", List.of(), List.of("5"), 1, null),
                new Quiz.Question("q2", "short_answer", "o1", "What is 4 + 4?", List.of(), List.of("9"), 1, null)));

        Verification v = swarm.verify(quiz, task("p4", models), null);

        assertThat(models.requests).isEmpty();
        assertThat(v.questions()).extracting(Verification.QuestionCheck::decision)
                .containsExactly(Verification.QuestionCheck.ACCEPTED, Verification.QuestionCheck.FLAGGED);
        assertThat(v.questions().get(1).solvers().get(0).answer()).containsExactly("8");
        assertThat(v.questions().get(1).solvers().get(0).deterministic()).isTrue();
    }

    @Test
    void thePackagesCallLimitIsNeverExceeded() throws Exception {
        swarm = new SwarmService(Configs.of("max_model_calls_per_package", 7));
        FakeModels models = new FakeModels();
        models.solver = (p, q) -> right(q);

        Verification v = swarm.verify(quiz(5, List.of()), task("p5", models), null);

        assertThat(models.requests).hasSize(7);
        assertThat(swarm.callsOf("p5")).isEqualTo(7);
        // the seven calls land on the questions in parallel: what they confirmed is accepted, what was left is unverified, never flagged
        assertThat(v.questions()).extracting(Verification.QuestionCheck::decision)
                .doesNotContain(Verification.QuestionCheck.FLAGGED).contains(Verification.QuestionCheck.UNVERIFIED);
        assertThat(v.questions().stream().flatMap(q -> q.solvers().stream()).filter(a -> a.error() != null))
                .allMatch(a -> a.error().contains("limit of 7"));
        // another package has its own limit
        swarm.verify(quiz(1, List.of()), task("p6", models), null);
        assertThat(models.requests).hasSize(10);
    }

    @Test
    void theSolversOfAQuestionRunInParallel() throws Exception {
        swarm = new SwarmService(Configs.of("pool_size", 6));
        FakeModels models = new FakeModels();
        models.solver = (p, q) -> right(q);
        models.delayMillis = 200;

        swarm.verify(quiz(2, List.of()), task("p7", models), null);

        assertThat(models.maxConcurrent.get()).isEqualTo(6);
    }

    @Test
    void answersAgreeAsATeacherWouldJudge() {
        Quiz.Question mc = new Quiz.Question("q", "multiple_choice", "o", "?", List.of("Paris", "Rome"), List.of("Rome"), 1, null);
        assertThat(Answers.agree(mc, List.of("rome."), List.of("Rome"))).isTrue();
        assertThat(Answers.agree(mc, List.of("B"), List.of("Rome"))).isTrue();
        assertThat(Answers.agree(mc, List.of("A"), List.of("Rome"))).isFalse();
        Quiz.Question n = new Quiz.Question("q", "short_answer", "o", "?", List.of(), List.of("1/2"), 1, null);
        assertThat(Answers.agree(n, List.of("0.5"), List.of("1/2"))).isTrue();
        assertThat(Answers.agree(n, List.of("0.6"), List.of("1/2"))).isFalse();
        Quiz.Question m = new Quiz.Question("q", "matching", "o", "?", List.of(), List.of("a => 1", "b => 2"), 1, null);
        assertThat(Answers.agree(m, List.of("b->2", "a => 1"), List.of("a => 1", "b => 2"))).isTrue();
    }
}
