package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.Provenance;
import org.toolboxai.api.content.Quiz;

/** Earlier steps' outputs read as records, and carried forward with this step's own. */
class UpstreamTest {

    private static final Map<String, Object> CURRICULUM = Json.map(new Provenance.StepProvenance("curriculum_analysis", "offline",
            "offline-1", 10, 20, 5, 1));

    @Test
    void theLessonPlanIsReadAsARecordAndSharedProvenanceCountsOnce() {
        Upstream upstream = Upstream.of(Map.of(
                "curriculum_analysis", Map.of("lesson_plan", Json.map(ChecksTest.PLAN), "provenance", List.of(CURRICULUM)),
                "environment_design", Map.of("lesson_plan", Json.map(ChecksTest.PLAN), "provenance", List.of(CURRICULUM))));

        assertThat(upstream.lessonPlan()).isEqualTo(ChecksTest.PLAN);
        assertThat(upstream.environment()).isNull();
        assertThat(upstream.quiz()).isNull();
        assertThat(upstream.scripts()).isEmpty();
        assertThat(upstream.provenance()).extracting(Provenance.StepProvenance::step).containsExactly("curriculum_analysis");
    }

    @Test
    void aStepsOutputCarriesEverythingEarlierPlusItsArtifactAndProvenance() {
        Upstream upstream = Upstream.of(Map.of("curriculum_analysis",
                Map.of("lesson_plan", Json.map(ChecksTest.PLAN), "provenance", List.of(CURRICULUM))));

        Quiz quiz = new Quiz("Quiz", List.of(ChecksTest.mc("q1", "obj1", List.of("3/4", "2/6"), List.of("3/4"))));
        Map<String, Object> out = upstream.with(Upstream.QUIZ, quiz,
                new Provenance.StepProvenance("quiz_creation", "offline", "offline-1", 1, 2, 3, 1));

        Upstream next = Upstream.of(Map.of("quiz_creation", out));
        assertThat(next.lessonPlan()).isEqualTo(ChecksTest.PLAN);
        assertThat(next.quiz()).isEqualTo(quiz);
        assertThat(next.provenance()).extracting(Provenance.StepProvenance::step).containsExactly("curriculum_analysis", "quiz_creation");
    }
}
