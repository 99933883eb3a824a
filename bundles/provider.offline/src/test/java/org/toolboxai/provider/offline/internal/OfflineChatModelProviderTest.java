package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.model.ModelException;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;

class OfflineChatModelProviderTest {

    private final OfflineChatModelProvider provider = new OfflineChatModelProvider();

    @Test
    void namesItself() {
        assertThat(provider.name()).isEqualTo("offline");
        assertThat(provider.model()).isEqualTo("offline-1");
    }

    @Test
    void saysWhichTasksItDoes() {
        assertThat(provider.answers("quiz")).isTrue();
        assertThat(provider.answers("Course_Outline")).isTrue();
        // the swarm's tasks: it is asked first and never called
        assertThat(provider.answers("solve")).isFalse();
        assertThat(provider.answers("rate")).isFalse();
    }

    @Test
    void theSameRequestGetsTheSameAnswerForEveryTask() throws Exception {
        for (int seed = 0; seed < 40; seed++) {
            Requests.Package pkg = Requests.chain(QuizMakerTest.request(seed, seed % 2 == 0));
            Requests.Package again = Requests.chain(QuizMakerTest.request(seed, seed % 2 == 0));
            assertThat(again.plan()).isEqualTo(pkg.plan());
            assertThat(again.environment()).isEqualTo(pkg.environment());
            assertThat(again.quiz()).isEqualTo(pkg.quiz());
            assertThat(again.scripts()).isEqualTo(pkg.scripts());
            for (String task : List.of("curriculum", "environment", "quiz", "script", "review")) {
                ModelReply first = new OfflineChatModelProvider().complete(new ModelRequest(task, "s", "p", Requests.facts(pkg.context()), null));
                ModelReply second = new OfflineChatModelProvider().complete(new ModelRequest(task, "s", "p",
                        Requests.facts(new java.util.HashMap<>(pkg.context())), null));
                assertThat(second).as(task).isEqualTo(first);
            }
        }
    }

    @Test
    void differentRequestsGetDifferentQuizzes() throws Exception {
        Quiz a = QuizMakerTest.quiz(Requests.request("Mathematics", 7, List.of("Fractions"), "outdoor", 30, 5, List.of(),
                "medium", List.of()), 0, false);
        Quiz b = QuizMakerTest.quiz(Requests.request("Mathematics", 7, List.of("Fractions"), "museum", 30, 5, List.of(),
                "medium", List.of()), 0, false);
        assertThat(a.questions()).isNotEqualTo(b.questions());
    }

    @Test
    void feedbackVariesTheAnswerButItStaysCorrect() throws Exception {
        Map<String, Object> request = Requests.request("Mathematics", 7, List.of("Fractions", "Decimals"), "laboratory", 45, 8,
                QuizMakerTest.ALL_TYPES, "medium", List.of());
        Map<String, Object> context = Requests.context(request);
        Quiz first = Json.MAPPER.readValue(Requests.complete("quiz", context, null).text(), Quiz.class);
        Quiz retry = Json.MAPPER.readValue(Requests.complete("quiz", context, "q3: the answer key is wrong").text(), Quiz.class);
        assertThat(retry).isNotEqualTo(first);
        assertThat(retry.questions()).hasSize(8);
        for (Quiz.Question q : retry.questions()) {
            QuizMakerTest.wellFormed(q, q.id());
            QuizMakerTest.verifyMath(q, q.id() + " " + q.prompt());
        }
    }

    @Test
    void answersAreSnakeCaseJsonWithTokenEstimates() throws Exception {
        Map<String, Object> context = Requests.context(Requests.request("Mathematics", 7, List.of("Fractions", "Decimals"),
                "space_station", 45, 4, List.of(), "medium", List.of()));
        ModelRequest request = new ModelRequest("curriculum", "x".repeat(400), "y".repeat(40), Requests.facts(context), null);
        ModelReply reply = provider.complete(request);
        assertThat(reply.model()).isEqualTo("offline-1");
        assertThat(reply.tokensIn()).isEqualTo(110);
        assertThat(reply.tokensOut()).isEqualTo((reply.text().length() + 3) / 4);
        JsonNode json = Json.MAPPER.readTree(reply.text());
        assertThat(json.has("grade_level")).isTrue();
        assertThat(json.get("activities").get(0).has("objective_id")).isTrue();
        assertThat(json.has("gradeLevel")).isFalse();
        LessonPlan plan = Json.MAPPER.readValue(reply.text(), LessonPlan.class);
        context.put("lesson_plan", Requests.asJson(plan));
        JsonNode env = Json.MAPPER.readTree(Requests.complete("environment", context, null).text());
        assertThat(env.get("stations").get(0).has("zone_id")).isTrue();
    }

    @Test
    void reviewSummarisesThePackage() throws Exception {
        Requests.Package pkg = Requests.chain(Requests.request("Mathematics", 7, List.of("Fractions", "Decimals"),
                "laboratory", 45, 4, List.of(), "medium", List.of("CCSS.7.NS.A.1")));
        JsonNode review = Json.MAPPER.readTree(Requests.complete("review", pkg.context(), null).text());
        assertThat(review.get("summary").asText()).contains("45-minute", "Mathematics", "4-question");
        assertThat(review.get("notes")).isNotEmpty();
        assertThat(review.get("notes").toString()).contains("obj1", "obj2", "CCSS.7.NS.A.1", "45 of 45 minutes");
    }

    @Test
    void anUnknownTaskIsRefusedForGood() {
        assertThatThrownBy(() -> provider.complete(new ModelRequest("poem", "s", "p", null, null)))
                .isInstanceOf(ModelException.class).hasMessageContaining("poem")
                .satisfies(e -> assertThat(((ModelException) e).retryable()).isFalse());
        assertThatThrownBy(() -> provider.complete(new ModelRequest(null, "s", "p", null, null)))
                .isInstanceOf(ModelException.class);
    }

    @Test
    void aMissingRequestFallsBackToDefaults() throws Exception {
        ModelReply reply = provider.complete(new ModelRequest("curriculum", null, null, null, null));
        LessonPlan plan = Json.MAPPER.readValue(reply.text(), LessonPlan.class);
        assertThat(plan.objectives()).hasSize(1);
        assertThat(plan.activities().stream().mapToInt(LessonPlan.Activity::minutes).sum()).isEqualTo(45);
        assertThat(reply.tokensIn()).isZero();
    }
}
