package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.Difficulty;
import org.toolboxai.api.content.EnvironmentType;
import org.toolboxai.api.content.QuestionType;

/** The run's parameters become the typed request, wire words read as the enums they name. */
class ContentBriefTest {

    @Test
    void wireWordsBecomeTheEnumsAndGoBackOutAsTheSameWords() {
        ContentBrief brief = ContentBrief.of(Map.of("subject", "Physics", "grade_level", 9, "learning_objectives", List.of("Forces"),
                "environment_type", "space_station", "difficulty", "easy",
                "quiz", Map.of("question_count", 3, "question_types", List.of("fill_blank", "ordering"), "difficulty", "hard")));

        assertThat(brief.environment()).isEqualTo(EnvironmentType.SPACE_STATION);
        assertThat(brief.questionTypes()).containsExactly(QuestionType.FILL_BLANK, QuestionType.ORDERING);
        assertThat(brief.difficulty()).isEqualTo(Difficulty.HARD);
        Map<String, Object> wire = Json.map(brief.asRequest());
        assertThat(wire).containsEntry("environment_type", "space_station").containsEntry("grade_level", 9);
        assertThat(wire.get("quiz")).isEqualTo(Map.of("question_count", 3, "question_types", List.of("fill_blank", "ordering"),
                "difficulty", "hard"));
    }

    @Test
    void aCoursesProgressiveDifficultyStaysProgressiveRatherThanBecomingMedium() {
        ContentBrief brief = ContentBrief.of(Map.of("subject", "History", "grade_level", 13, "learning_objectives", List.of("Rome"),
                "difficulty", "progressive", "lesson_count", 3));

        assertThat(brief.difficulty()).isEqualTo(Difficulty.PROGRESSIVE);
        assertThat(brief.gradeLevel()).isEqualTo("university");
        @SuppressWarnings("unchecked")
        Map<String, Object> quiz = (Map<String, Object>) Json.map(brief.asRequest()).get("quiz");
        assertThat(quiz).containsEntry("difficulty", "progressive");
    }

    @Test
    void aWordThisBundleDoesNotKnowFallsBackToTheDefault() {
        ContentBrief brief = ContentBrief.of(Map.of("subject", "Art", "grade_level", 0, "learning_objectives", List.of("Colours"),
                "environment_type", "volcano", "quiz", Map.of("question_types", List.of("essay"))));

        assertThat(brief.environment()).isEqualTo(EnvironmentType.INTERACTIVE_CLASSROOM);
        assertThat(brief.questionTypes()).containsExactly(QuestionType.MULTIPLE_CHOICE, QuestionType.TRUE_FALSE);
        assertThat(brief.gradeLevel()).isEqualTo("K");
    }
}
