package org.toolboxai.coordinator.content.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;

class ContentRequestTest {

    private static ContentRequest request(Object grade, List<String> objectives, Integer minutes, String preset,
            ContentRequest.QuizOptions quiz) {
        return new ContentRequest("Mathematics", grade, objectives, null, minutes, null, quiz, null, preset, null);
    }

    @Test
    void theIssuesExampleBecomesWorkflowParameters() {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> p = new ContentRequest("Mathematics", 7, List.of("Fractions", "Decimals"), "interactive_classroom",
                45, true, new ContentRequest.QuizOptions(8, null, null), null, null, null).toParameters(errors);
        assertThat(errors).isEmpty();
        assertThat(p).containsEntry("grade_level", 7).containsEntry("duration_minutes", 45)
                .containsEntry("learning_objectives", List.of("Fractions", "Decimals"));
        assertThat(p.get("quiz")).isEqualTo(Map.of("question_count", 8, "question_types", List.of("multiple_choice", "true_false"),
                "difficulty", "medium"));
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        List<FieldError> errors = new ArrayList<>();
        new ContentRequest(" ", "13th", List.of(), "volcano", 500, true,
                new ContentRequest.QuizOptions(0, List.of("essay"), "brutal"), "weird", "nursery", List.of()).toParameters(errors);
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("preset", "subject", "grade_level",
                "learning_objectives", "environment_type", "duration_minutes", "difficulty", "quiz.question_count",
                "quiz.question_types", "quiz.difficulty");
    }

    @Test
    void gradesAcceptNumbersKindergartenAndUniversity() {
        for (Object[] c : new Object[][] {{7, 7}, {"7", 7}, {"K", 0}, {"kindergarten", 0}, {"university", 13}, {0, 0}, {12, 12},
                {13, 13}}) {
            List<FieldError> errors = new ArrayList<>();
            assertThat(request(c[0], List.of("x"), null, null, null).toParameters(errors)).containsEntry("grade_level", c[1]);
            assertThat(errors).isEmpty();
        }
        for (Object bad : new Object[] {14, "14", -1, 7.5, "seventh"}) {
            List<FieldError> errors = new ArrayList<>();
            request(bad, List.of("x"), null, null, null).toParameters(errors);
            assertThat(errors).extracting(FieldError::field).contains("grade_level");
        }
    }

    @Test
    void readFromJsonTheRequestIsCheckedSoItsErrorsCanJoinTheUnknownFields() {
        ObjectMapper mapper = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

        Throwable thrown = catchThrowable(() -> mapper.readValue(
                "{\"subject\": \"\", \"grade_level\": 14, \"learning_objectives\": [\"Cells\"]}", ContentRequest.class));

        assertThat(thrown).isInstanceOf(ProblemException.class);
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) ((ProblemException) thrown).problem().extensions().get("errors");
        assertThat(errors).extracting(FieldError::field).containsExactly("subject", "grade_level");
    }

    @Test
    void aPresetFillsWhatTheRequestLeavesOut() {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> p = request(null, List.of("Cells"), null, "high_school", null).toParameters(errors);
        assertThat(errors).isEmpty();
        assertThat(p).containsEntry("grade_level", 10).containsEntry("duration_minutes", 50)
                .containsEntry("environment_type", "laboratory");
        @SuppressWarnings("unchecked")
        Map<String, Object> quiz = (Map<String, Object>) p.get("quiz");
        assertThat(quiz).containsEntry("question_count", 10);
        // what the request gives wins over the preset
        assertThat(request(5, List.of("Cells"), 20, "high_school", null).toParameters(errors))
                .containsEntry("grade_level", 5).containsEntry("duration_minutes", 20);
    }
}
