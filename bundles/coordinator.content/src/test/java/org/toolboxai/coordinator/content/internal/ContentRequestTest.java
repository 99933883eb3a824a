package org.toolboxai.coordinator.content.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.Difficulty;
import org.toolboxai.api.content.EnvironmentType;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.QuestionType;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.workflow.WorkflowException;

/** The text front ends' request: words become the typed request once, and a word that means nothing is a listed field. */
class ContentRequestTest {

    private static ContentRequest request(Object grade) {
        return new ContentRequest("Mathematics", grade, List.of("x"), null, null, null, null, null, null, null);
    }

    @Test
    void theIssuesExampleBecomesTheTypedRequest() {
        LessonRequest parsed = new ContentRequest("Mathematics", 7, List.of("Fractions", "Decimals"), "interactive_classroom", 45, true,
                new ContentRequest.QuizOptions(8, List.of("matching", "true_false"), "hard"), "easy", null, null).parse();

        assertThat(parsed.gradeLevel()).isEqualTo(7);
        assertThat(parsed.environmentType()).isEqualTo(EnvironmentType.INTERACTIVE_CLASSROOM);
        assertThat(parsed.difficulty()).isEqualTo(Difficulty.EASY);
        assertThat(parsed.quiz()).isEqualTo(new LessonRequest.QuizOptions(8, List.of(QuestionType.MATCHING, QuestionType.TRUE_FALSE),
                Difficulty.HARD));
    }

    @Test
    void unknownWordsAreListedWithEveryOtherInvalidFieldAtOnce() {
        Throwable thrown = catchThrowable(() -> new ContentRequest(" ", "13th", List.of(), "volcano", 500, true,
                new ContentRequest.QuizOptions(0, List.of("essay", "matching"), "brutal"), "weird", "nursery", List.of()).parse());

        assertThat(thrown).isInstanceOfSatisfying(WorkflowException.class, e -> {
            assertThat(e.kind()).isEqualTo(WorkflowException.Kind.INVALID);
            assertThat(e.errors()).extracting(FieldError::field).containsExactly("preset", "subject", "grade_level",
                    "learning_objectives", "environment_type", "duration_minutes", "difficulty", "quiz.question_count",
                    "quiz.question_types", "quiz.difficulty");
            assertThat(e.errors()).contains(new FieldError("quiz.question_types", "unknown [essay]; allowed: [multiple_choice,"
                    + " true_false, short_answer, fill_blank, matching, ordering]"),
                    new FieldError("environment_type", "one of [interactive_classroom, laboratory, outdoor, space_station, museum, underwater]"));
        });
    }

    @Test
    void aWrongGradeIsReportedEvenWhenAPresetWouldFillIt() {
        assertThatThrownBy(() -> new ContentRequest("Mathematics", "seventh", List.of("x"), null, null, null, null, null, "middle_school",
                null).parse()).isInstanceOfSatisfying(WorkflowException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("grade_level"));
    }

    @Test
    void gradesAcceptNumbersKindergartenAndUniversity() {
        for (Object[] c : new Object[][] {{7, 7}, {"7", 7}, {"K", 0}, {"kindergarten", 0}, {"university", 13}, {0, 0}, {12, 12},
                {13, 13}}) {
            assertThat(request(c[0]).parse().gradeLevel()).isEqualTo(c[1]);
        }
        for (Object bad : new Object[] {14, "14", -1, 7.5, "seventh"}) {
            assertThatThrownBy(() -> request(bad).parse()).isInstanceOfSatisfying(WorkflowException.class,
                    e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("grade_level"));
        }
    }

    @Test
    void progressiveIsACoursesDifficultyNotALessons() {
        // the word is known (a course's lessons carry it), so it is read as what it is, not as medium
        assertThat(new ContentRequest("Mathematics", 7, List.of("x"), null, null, null, null, "progressive", null, null)
                .parse().difficulty()).isEqualTo(Difficulty.PROGRESSIVE);
        assertThatThrownBy(() -> new WorkflowContentService(new FakeWorkflows(), TestStore.migrated(), ContentConfigs.of(1, 0), System::nanoTime).request(
                new ContentRequest("Mathematics", 7, List.of("x"), null, null, null, null, "progressive", null, null).parse(), "tom"))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("difficulty", "one of [easy, medium, hard]")));
    }

    @Test
    void readFromJsonTheRequestIsCheckedSoItsErrorsCanJoinTheUnknownFields() {
        ObjectMapper mapper = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

        Throwable thrown = catchThrowable(() -> mapper.readValue(
                "{\"subject\": \"\", \"grade_level\": 14, \"learning_objectives\": [\"Cells\"], \"environment_type\": \"moon\"}",
                ContentRequest.Body.class));

        assertThat(thrown).isInstanceOf(ProblemException.class);
        ProblemException problem = (ProblemException) thrown;
        assertThat(problem.problem().status()).isEqualTo(400);
        assertThat(problem.problem().extensions().get("errors")).asList().extracting(e -> ((FieldError) e).field())
                .containsExactly("subject", "grade_level", "environment_type");
    }

    @Test
    void readFromJsonAValidBodyCarriesTheRequestAsWritten() throws Exception {
        ObjectMapper mapper = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

        LessonRequest read = mapper.readValue("{\"subject\": \"Art\", \"grade_level\": \"K\", \"learning_objectives\": [\"Colours\"],"
                + " \"quiz\": {\"question_types\": [\"ordering\"]}}", ContentRequest.Body.class).request();

        assertThat(read.gradeLevel()).isZero();
        assertThat(read.quiz().questionTypes()).containsExactly(QuestionType.ORDERING);
        assertThat(read.durationMinutes()).isNull();
    }

    @Test
    void everyObjectiveGetsAQuestionAndEnoughMinutes() {
        List<String> six = List.of("a", "b", "c", "d", "e", "f");
        LessonRequest defaults = LessonRequestCheck.complete(
                new ContentRequest("Mathematics", 7, six, null, 45, null, null, null, null, null).parse(), List.of());
        assertThat(defaults.quiz().questionCount()).isEqualTo(6);

        Throwable thrown = catchThrowable(() -> LessonRequestCheck.complete(new ContentRequest("Mathematics", 7, six, null, 10, true,
                new ContentRequest.QuizOptions(3, null, null), null, null, null).parse(), List.of()));
        assertThat(thrown).isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.errors()).containsExactly(
                new FieldError("duration_minutes", "at least 5 minutes per objective: 30 or more for 6 objectives"),
                new FieldError("quiz.question_count", "at least one question per objective: 6 or more")));
    }
}
