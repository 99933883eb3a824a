package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The request as the offline provider reads it from the model context. */
class BriefTest {

    private static Brief brief(String difficulty, String environment, int rank) {
        Map<String, Object> context = Requests.context(Requests.request("Mathematics", 7, List.of("Fractions"), environment, 45, 4,
                List.of("matching", "essay", "matching"), difficulty, List.of()));
        context.put("difficulty_rank", rank);
        return Brief.of(Requests.facts(context));
    }

    @Test
    void aCoursesProgressiveDifficultyStaysProgressiveAndRisesWithTheLessonsRank() {
        assertThat(brief("progressive", "museum", 1).difficulty()).isEqualTo("progressive");
        assertThat(brief("progressive", "museum", 1).level()).isEqualTo(7);
        assertThat(brief("progressive", "museum", 3).level()).isEqualTo(9);
    }

    @Test
    void wordsTheApiDoesNotKnowFallBackToTheDefaults() {
        Brief brief = brief("brutal", "volcano", 0);

        assertThat(brief.difficulty()).isEqualTo("medium");
        assertThat(brief.environment()).isEqualTo("interactive_classroom");
        assertThat(brief.questionTypes()).containsExactly("matching");
        assertThat(brief("easy", "museum", 0).environment()).isEqualTo("museum");
    }
}
