package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.parse;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.toolboxai.api.http.FieldError;

class ParameterValidatorTest {

    private static final Template LESSON = TemplateFixtures.shippedRegistry().get("educational_content");

    private final List<FieldError> errors = new ArrayList<>();

    private static Map<String, Object> lessonInput() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("subject", "Mathematics");
        p.put("grade_level", 7);
        p.put("learning_objectives", List.of("fractions"));
        return p;
    }

    /** A template declaring one parameter {@code p} with the given spec JSON (single quotes). */
    private static Template withParam(String specJson) throws TemplateException {
        return parse(template("t", "{'p': " + specJson + "}", "[{'id': 'a', 'type': 't'}]"));
    }

    private Map<String, Object> validateP(Template t, Object value) {
        Map<String, Object> given = new HashMap<>();
        given.put("p", value);
        return ParameterValidator.validate(t, given, errors);
    }

    private List<String> fields() {
        return errors.stream().map(FieldError::field).toList();
    }

    // ------------------------------------------------------------------ defaults, required, unknown

    @Test
    void defaultsAreAppliedForParametersNotGiven() {
        Map<String, Object> result = ParameterValidator.validate(LESSON, lessonInput(), errors);

        assertThat(errors).isEmpty();
        assertThat(result)
                .containsEntry("subject", "Mathematics")
                .containsEntry("grade_level", 7L)
                .containsEntry("learning_objectives", List.of("fractions"))
                .containsEntry("environment_type", "interactive_classroom")
                .containsEntry("duration_minutes", 45L)
                .containsEntry("include_quiz", true)
                .containsEntry("quiz", Map.of("question_count", 5))
                .containsEntry("difficulty", "medium")
                .containsEntry("standards", List.of())
                .hasSize(9);
    }

    @Test
    void aGivenValueWinsOverTheDefault() {
        Map<String, Object> input = lessonInput();
        input.put("difficulty", "hard");
        input.put("include_quiz", false);

        Map<String, Object> result = ParameterValidator.validate(LESSON, input, errors);

        assertThat(errors).isEmpty();
        assertThat(result).containsEntry("difficulty", "hard").containsEntry("include_quiz", false);
    }

    @Test
    void anExplicitNullIsTreatedAsNotGiven() {
        Map<String, Object> input = lessonInput();
        input.put("difficulty", null);

        Map<String, Object> result = ParameterValidator.validate(LESSON, input, errors);

        assertThat(errors).isEmpty();
        assertThat(result).containsEntry("difficulty", "medium");
    }

    @Test
    void missingRequiredParametersAreReportedAsParametersDotName() {
        Map<String, Object> result = ParameterValidator.validate(LESSON, Map.of(), errors);

        assertThat(errors).containsExactly(
                new FieldError("parameters.subject", "required (string)"),
                new FieldError("parameters.grade_level", "required (integer)"),
                new FieldError("parameters.learning_objectives", "required (array)"));
        assertThat(result).doesNotContainKeys("subject", "grade_level", "learning_objectives")
                .containsKey("difficulty");
    }

    @Test
    void nullParametersAreTreatedAsEmpty() {
        ParameterValidator.validate(LESSON, null, errors);

        assertThat(fields()).containsExactly("parameters.subject", "parameters.grade_level",
                "parameters.learning_objectives");
    }

    @Test
    void anOptionalParameterWithoutDefaultIsLeftOut() throws Exception {
        Template t = withParam("{'type': 'string'}");

        Map<String, Object> result = ParameterValidator.validate(t, Map.of(), errors);

        assertThat(errors).isEmpty();
        assertThat(result).isEmpty();
    }

    @Test
    void anUnknownParameterIsReported() {
        Map<String, Object> input = lessonInput();
        input.put("colour", "blue");

        Map<String, Object> result = ParameterValidator.validate(LESSON, input, errors);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("parameters.colour");
            assertThat(e.message()).contains("unknown parameter of template educational_content").contains("subject");
        });
        assertThat(result).doesNotContainKey("colour");
    }

    @Test
    void everyInvalidFieldIsListedAtOnce() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("subject", "");
        input.put("grade_level", 14);
        input.put("learning_objectives", List.of());
        input.put("difficulty", "insane");
        input.put("include_quiz", "yes");
        input.put("colour", "blue");

        Map<String, Object> result = ParameterValidator.validate(LESSON, input, errors);

        assertThat(errors).containsExactlyInAnyOrder(
                new FieldError("parameters.colour", errors.get(0).message()),
                new FieldError("parameters.subject", "must be at least 1 character"),
                new FieldError("parameters.grade_level", "must be at most 13"),
                new FieldError("parameters.learning_objectives", "must be at least 1 item"),
                new FieldError("parameters.include_quiz", "must be true or false"),
                new FieldError("parameters.difficulty", "must be one of [easy, medium, hard, progressive]"));
        assertThat(errors.get(0).field()).as("unknown parameters come first").isEqualTo("parameters.colour");
        assertThat(result).doesNotContainKeys("subject", "grade_level", "learning_objectives", "difficulty",
                "include_quiz");
        assertThat(result).containsEntry("duration_minutes", 45L);
    }

    // ------------------------------------------------------------------ types

    static Stream<Arguments> typeCases() {
        return Stream.of(
                Arguments.of("string", "hello", 42, "must be a string"),
                Arguments.of("integer", 3L, "3", "must be a whole number"),
                Arguments.of("number", 2.5, "2.5", "must be a number"),
                Arguments.of("boolean", true, "true", "must be true or false"),
                Arguments.of("array", List.of(1, 2), Map.of("a", 1), "must be an array"),
                Arguments.of("object", Map.of("a", 1), List.of(1), "must be an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeCases")
    void eachTypeAcceptsItsKindAndRejectsOthers(String type, Object good, Object bad, String message)
            throws Exception {
        Template t = withParam("{'type': '" + type + "'}");

        assertThat(validateP(t, good)).containsEntry("p", good);
        assertThat(errors).isEmpty();

        assertThat(validateP(t, bad)).doesNotContainKey("p");
        assertThat(errors).containsExactly(new FieldError("parameters.p", message));
    }

    @Test
    void integersArriveAsLong() throws Exception {
        Template t = withParam("{'type': 'integer'}");

        assertThat(validateP(t, 3)).containsEntry("p", 3L);
        assertThat(validateP(t, 3).get("p")).isInstanceOf(Long.class);
        assertThat(validateP(t, (short) 4).get("p")).isEqualTo(4L);
        assertThat(validateP(t, 5.0).get("p")).as("a whole double is an integer").isEqualTo(5L);
        assertThat(validateP(t, 6L).get("p")).isEqualTo(6L);
        assertThat(errors).isEmpty();
    }

    @Test
    void aFractionIsRejectedForAnInteger() throws Exception {
        Template t = withParam("{'type': 'integer'}");

        assertThat(validateP(t, 2.5)).doesNotContainKey("p");
        assertThat(errors).containsExactly(new FieldError("parameters.p", "must be a whole number"));
    }

    @Test
    void aNumberKeepsItsValue() throws Exception {
        Template t = withParam("{'type': 'number'}");

        assertThat(validateP(t, 3)).containsEntry("p", 3);
        assertThat(validateP(t, 2.5)).containsEntry("p", 2.5);
        assertThat(errors).isEmpty();
    }

    @Test
    void integerDefaultsArriveAsLongToo() {
        Template course = TemplateFixtures.shippedRegistry().get("complete_course");

        Map<String, Object> result = ParameterValidator.validate(course, lessonInput(), errors);

        assertThat(errors).isEmpty();
        assertThat(result.get("lesson_count")).isEqualTo(4L);
        assertThat(result.get("duration_minutes")).isEqualTo(45L);
        assertThat(result.get("grade_level")).isEqualTo(7L);
    }

    // ------------------------------------------------------------------ bounds

    @Test
    void numbersAreCheckedAgainstMinAndMaxInclusive() throws Exception {
        Template t = withParam("{'type': 'number', 'min': 0.5, 'max': 1.5}");

        assertThat(validateP(t, 0.5)).containsKey("p");
        assertThat(validateP(t, 1.5)).containsKey("p");
        assertThat(validateP(t, 1)).containsKey("p");
        assertThat(errors).isEmpty();

        validateP(t, 0.4);
        validateP(t, 2);
        assertThat(errors).containsExactly(
                new FieldError("parameters.p", "must be at least 0.5"),
                new FieldError("parameters.p", "must be at most 1.5"));
    }

    @Test
    void integersAreCheckedAgainstMinAndMax() throws Exception {
        Template t = withParam("{'type': 'integer', 'min': 1, 'max': 20}");

        assertThat(validateP(t, 1)).containsEntry("p", 1L);
        assertThat(validateP(t, 20)).containsEntry("p", 20L);
        validateP(t, 0);
        validateP(t, 21L);
        assertThat(errors).containsExactly(
                new FieldError("parameters.p", "must be at least 1"),
                new FieldError("parameters.p", "must be at most 20"));
    }

    @Test
    void stringLengthIsCheckedAgainstMinAndMax() throws Exception {
        Template t = withParam("{'type': 'string', 'min': 2, 'max': 4}");

        assertThat(validateP(t, "ab")).containsEntry("p", "ab");
        assertThat(validateP(t, "abcd")).containsEntry("p", "abcd");
        validateP(t, "a");
        validateP(t, "abcde");
        assertThat(errors).containsExactly(
                new FieldError("parameters.p", "must be at least 2 characters"),
                new FieldError("parameters.p", "must be at most 4 characters"));
    }

    @Test
    void arraySizeIsCheckedAgainstMinAndMax() throws Exception {
        Template t = withParam("{'type': 'array', 'min': 1, 'max': 2}");

        assertThat(validateP(t, List.of("x"))).containsKey("p");
        assertThat(validateP(t, List.of("x", "y"))).containsKey("p");
        validateP(t, List.of());
        validateP(t, List.of("x", "y", "z"));
        assertThat(errors).containsExactly(
                new FieldError("parameters.p", "must be at least 1 item"),
                new FieldError("parameters.p", "must be at most 2 items"));
    }

    @Test
    void aWrongTypeIsReportedAloneWithoutBoundsOrAllowed() throws Exception {
        Template t = withParam("{'type': 'integer', 'min': 5, 'allowed': [5, 6]}");

        validateP(t, "x");

        assertThat(errors).containsExactly(new FieldError("parameters.p", "must be a whole number"));
    }

    // ------------------------------------------------------------------ allowed

    @Test
    void allowedNumbersAreComparedByValue() throws Exception {
        Template t = withParam("{'type': 'integer', 'allowed': [1, 2]}");

        assertThat(validateP(t, 2L)).containsEntry("p", 2L);
        assertThat(validateP(t, 2)).containsEntry("p", 2L);
        assertThat(validateP(t, 1.0)).containsEntry("p", 1L);
        assertThat(errors).isEmpty();

        validateP(t, 3L);
        assertThat(errors).containsExactly(new FieldError("parameters.p", "must be one of [1, 2]"));
    }

    @Test
    void allowedNumbersOfANumberParameterMatchAcrossNumericTypes() throws Exception {
        Template t = withParam("{'type': 'number', 'allowed': [0.5, 2]}");

        assertThat(validateP(t, 0.5)).containsKey("p");
        assertThat(validateP(t, 2L)).containsKey("p");
        assertThat(validateP(t, 2.0)).containsKey("p");
        assertThat(errors).isEmpty();
    }

    @Test
    void allowedStringsMustMatchExactly() throws Exception {
        Template t = withParam("{'type': 'string', 'allowed': ['easy', 'hard']}");

        assertThat(validateP(t, "easy")).containsEntry("p", "easy");
        validateP(t, "Easy");
        assertThat(errors).containsExactly(new FieldError("parameters.p", "must be one of [easy, hard]"));
    }

    @Test
    void checkReportsBothBoundsProblemsIndependently() throws Exception {
        Template.ParamSpec spec = withParam("{'type': 'number', 'min': 10, 'max': 1}").parameters().get("p");

        assertThat(ParameterValidator.check("p", spec, 5)).containsExactly("must be at least 10", "must be at most 1");
    }
}
