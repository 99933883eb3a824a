package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.parse;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.q;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.shipped;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.template;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateParserTest {

    private final TemplateParser parser = new TemplateParser();

    private static Map<String, List<String>> graph(Template t) {
        Map<String, List<String>> g = new LinkedHashMap<>();
        t.steps().forEach(s -> g.put(s.id(), s.dependsOn()));
        return g;
    }

    private static Template.StepSpec step(Template t, String id) {
        return t.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** Asserts parsing fails with a TemplateException naming the source and every given fragment. */
    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(String json, String... fragments) {
        return assertThatThrownBy(() -> parse(json))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("test.json")
                .hasMessageContainingAll(fragments);
    }

    private static String oneStep(String stepJson) {
        return template("t", "{}", "[" + stepJson + "]");
    }

    // ------------------------------------------------------------------ shipped templates

    @Nested
    class ShippedTemplates {

        @ParameterizedTest
        @ValueSource(strings = {"educational_content", "complete_course", "adaptive_assessment"})
        void shippedTemplateParsesFromTheClasspath(String name) throws Exception {
            byte[] json;
            try (InputStream in = getClass().getResourceAsStream("/templates/" + name + ".json")) {
                assertThat(in).as("/templates/%s.json on the classpath", name).isNotNull();
                json = in.readAllBytes();
            }

            Template t = parser.parse(name + ".json", json);

            assertThat(t.name()).isEqualTo(name);
            assertThat(t.source()).isEqualTo(name + ".json");
            assertThat(t.description()).isNotBlank();
            assertThat(t.steps()).hasSize(5);
        }

        @Test
        void educationalContentHasItsRealStepGraph() throws Exception {
            Template t = parser.parse("educational_content.json", shipped("educational_content"));

            assertThat(graph(t)).containsExactly(
                    Map.entry("curriculum_analysis", List.of()),
                    Map.entry("environment_planning", List.of("curriculum_analysis")),
                    Map.entry("quiz_creation", List.of("curriculum_analysis")),
                    Map.entry("script_generation", List.of("environment_planning", "quiz_creation")),
                    Map.entry("integration_qa", List.of("script_generation")));
            assertThat(t.steps()).allSatisfy(s -> {
                assertThat(s.subflow()).isNull();
                assertThat(s.repeat()).isNull();
                assertThat(s.timeoutSeconds()).isEqualTo(300);
                assertThat(s.retries()).as("retries not set means engine default").isEqualTo(-1);
                assertThat(s.optional()).isFalse();
            });
            assertThat(step(t, "quiz_creation").type()).isEqualTo("agent.quiz");
        }

        @Test
        void educationalContentParametersKeepTypesBoundsAllowedAndDefaults() throws Exception {
            Template t = parser.parse("educational_content.json", shipped("educational_content"));

            assertThat(t.parameters()).containsOnlyKeys("subject", "grade_level", "learning_objectives",
                    "environment_type", "duration_minutes", "include_quiz", "quiz", "standards", "difficulty");
            assertThat(t.parameters().keySet()).first().isEqualTo("subject");
            Template.ParamSpec grade = t.parameters().get("grade_level");
            assertThat(grade.type()).isEqualTo("integer");
            assertThat(grade.required()).isTrue();
            assertThat(grade.min()).isEqualTo(0.0);
            assertThat(grade.max()).as("K-12 and university, as /api/v1/content").isEqualTo(13.0);
            assertThat(grade.defaultValue()).isNull();
            assertThat(t.parameters().get("environment_type").allowed()).hasSize(6).contains("laboratory");
            assertThat(t.parameters().get("quiz").defaultValue()).isEqualTo(Map.of("question_count", 5));
            assertThat(t.parameters().get("include_quiz").defaultValue()).isEqualTo(true);
            assertThat(t.parameters().get("difficulty").defaultValue()).isEqualTo("medium");
        }

        @Test
        void completeCourseRepeatsTheLessonSubflowBetweenOutlineAndAssessment() throws Exception {
            Template t = parser.parse("complete_course.json", shipped("complete_course"));

            assertThat(graph(t)).containsExactly(
                    Map.entry("course_outline", List.of()),
                    Map.entry("lesson", List.of("course_outline")),
                    Map.entry("assessment_strategy", List.of("lesson")),
                    Map.entry("navigation", List.of("assessment_strategy")),
                    Map.entry("final_package", List.of("navigation")));
            Template.StepSpec lesson = step(t, "lesson");
            assertThat(lesson.type()).isNull();
            assertThat(lesson.subflow()).isEqualTo("educational_content");
            assertThat(lesson.repeat()).isEqualTo("lesson_count");
            assertThat(lesson.timeoutSeconds()).isZero();
            assertThat(t.parameters().get("lesson_count").defaultValue()).isEqualTo(4);
        }

        @Test
        void adaptiveAssessmentIsALinearChain() throws Exception {
            Template t = parser.parse("adaptive_assessment.json", shipped("adaptive_assessment"));

            assertThat(graph(t)).containsExactly(
                    Map.entry("student_profile_analysis", List.of()),
                    Map.entry("difficulty_calibration", List.of("student_profile_analysis")),
                    Map.entry("question_generation", List.of("difficulty_calibration")),
                    Map.entry("adaptive_feedback", List.of("question_generation")),
                    Map.entry("assessment_assembly", List.of("adaptive_feedback")));
            assertThat(step(t, "question_generation").timeoutSeconds()).isEqualTo(600);
        }
    }

    // ------------------------------------------------------------------ accepted details

    @Test
    void stepOptionalRetriesTimeoutAndConfigAreRead() throws Exception {
        Template t = parse(oneStep(
                "{'id': 'a', 'type': 'x.y-z_1', 'optional': true, 'retries': 0, 'timeout_seconds': 86400,"
                        + " 'config': {'k': 'v', 'n': 2}}"));

        Template.StepSpec a = t.steps().get(0);
        assertThat(a.type()).isEqualTo("x.y-z_1");
        assertThat(a.optional()).isTrue();
        assertThat(a.retries()).isZero();
        assertThat(a.timeoutSeconds()).isEqualTo(86400);
        assertThat(a.config()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v", "n", 2));
        assertThat(a.dependsOn()).isEmpty();
    }

    @Test
    void timeoutAndRetriesAtTheirBoundsAreAccepted() throws Exception {
        assertThat(parse(oneStep("{'id': 'a', 'type': 't', 'timeout_seconds': 1, 'retries': 20}")).steps().get(0))
                .extracting(Template.StepSpec::timeoutSeconds, Template.StepSpec::retries)
                .containsExactly(1L, 20);
    }

    @Test
    void parametersAndDescriptionMayBeOmitted() throws Exception {
        Template t = parse(q("{'name': 'bare', 'steps': [{'id': 'a', 'type': 't'}]}"));

        assertThat(t.parameters()).isEmpty();
        assertThat(t.description()).isNull();
    }

    @Test
    void aDefaultWithinItsOwnBoundsIsAccepted() throws Exception {
        Template t = parse(template("t", "{'n': {'type': 'integer', 'default': 3, 'min': 1, 'max': 3, 'allowed': [1, 3]}}",
                "[{'id': 'a', 'type': 't'}]"));

        assertThat(t.parameters().get("n").defaultValue()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ rejections: document

    @Test
    void invalidJsonIsRejectedNamingTheSource() {
        rejects("{'name': ", "not valid JSON");
        rejects("{\"name\": \"t\", ", "not valid JSON");
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsRejected() {
        rejects("[]", "a template is a JSON object");
        rejects("42", "a template is a JSON object");
    }

    @Test
    void aMissingNameIsRejectedNamingTheField() {
        rejects(q("{'steps': [{'id': 'a', 'type': 't'}]}"), "field 'name'", "lower_snake_case");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Course", "1course", "my-course", "my course", "", "_x"})
    void anInvalidNameIsRejectedNamingTheFieldAndValue(String name) {
        rejects(template(name, "{}", "[{'id': 'a', 'type': 't'}]"), "field 'name'", "got \"" + name + "\"");
    }

    @Test
    void aNonTextNameIsRejected() {
        rejects(q("{'name': 7, 'steps': [{'id': 'a', 'type': 't'}]}"), "field 'name'");
    }

    @Test
    void anUnknownTopLevelFieldIsRejected() {
        rejects(q("{'name': 't', 'author': 'me', 'steps': [{'id': 'a', 'type': 't'}]}"), "unknown field 'author'",
                "allowed: [description, name, parameters, steps]");
    }

    @Test
    void missingOrEmptyStepsAreRejected() {
        rejects(q("{'name': 't'}"), "(template t)", "field 'steps' must be a non-empty array");
        rejects(q("{'name': 't', 'steps': []}"), "(template t)", "field 'steps' must be a non-empty array");
        rejects(q("{'name': 't', 'steps': {}}"), "(template t)", "field 'steps' must be a non-empty array");
    }

    // ------------------------------------------------------------------ rejections: steps

    @Test
    void anUnknownStepFieldIsRejectedNamingTheStep() {
        rejects(oneStep("{'id': 'a', 'type': 't', 'dependson': []}"), "(template t)", "step 'a'",
                "unknown field 'dependson'");
    }

    @Test
    void aStepThatIsNotAnObjectIsRejectedByPosition() {
        rejects(template("t", "{}", "[{'id': 'a', 'type': 't'}, 'b']"), "step #2", "a step is an object");
    }

    @Test
    void aStepWithoutIdIsRejectedByPosition() {
        rejects(template("t", "{}", "[{'id': 'a', 'type': 't'}, {'type': 't'}]"), "step #2", "field 'id'");
    }

    @Test
    void anInvalidStepIdIsRejected() {
        rejects(oneStep("{'id': 'Bad.Id', 'type': 't'}"), "step 'Bad.Id'", "field 'id' must be lower_snake_case");
    }

    @Test
    void aDuplicateStepIdIsRejected() {
        rejects(template("t", "{}", "[{'id': 'a', 'type': 't'}, {'id': 'b', 'type': 't'}, {'id': 'a', 'type': 'u'}]"),
                "step 'a'", "field 'id' is used by another step");
    }

    @Test
    void aStepWithBothTypeAndSubflowIsRejected() {
        rejects(oneStep("{'id': 'a', 'type': 't', 'subflow': 'other'}"), "step 'a'",
                "exactly one of the fields 'type'", "'subflow'");
    }

    @Test
    void aStepWithNeitherTypeNorSubflowIsRejected() {
        rejects(oneStep("{'id': 'a'}"), "step 'a'", "exactly one of the fields 'type'", "'subflow'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Agent.Quiz", "agent quiz", "agent/quiz", "1agent", ".agent", "agent:quiz"})
    void aTypeWithBadCharactersIsRejected(String type) {
        rejects(oneStep("{'id': 'a', 'type': '" + type + "'}"), "step 'a'", "field 'type'", "got '" + type + "'");
    }

    @Test
    void aDependencyOnAnUnknownStepIsRejected() {
        rejects(template("t", "{}", "[{'id': 'a', 'type': 't'}, {'id': 'b', 'type': 't', 'depends_on': ['a', 'zz']}]"),
                "step 'b'", "field 'depends_on'", "unknown step 'zz'");
    }

    @Test
    void dependsOnThatIsNotAnArrayIsRejected() {
        rejects(template("t", "{}", "[{'id': 'a', 'type': 't'}, {'id': 'b', 'type': 't', 'depends_on': 'a'}]"),
                "step 'b'", "field 'depends_on' must be an array");
    }

    @Test
    void aSelfDependencyIsRejected() {
        rejects(oneStep("{'id': 'a', 'type': 't', 'depends_on': ['a']}"), "step 'a'", "field 'depends_on'",
                "names the step itself");
    }

    @Test
    void aTwoStepCycleIsRejectedShowingThePath() {
        rejects(template("t", "{}", "[{'id': 'a', 'type': 't', 'depends_on': ['b']},"
                + " {'id': 'b', 'type': 't', 'depends_on': ['a']}]"),
                "step 'a'", "field 'depends_on' makes a cycle: a -> b -> a");
    }

    @Test
    void aThreeStepCycleIsRejectedShowingThePath() {
        rejects(template("t", "{}", "[{'id': 'a', 'type': 't', 'depends_on': ['c']},"
                + " {'id': 'b', 'type': 't', 'depends_on': ['a']},"
                + " {'id': 'c', 'type': 't', 'depends_on': ['b']}]"),
                "step 'a'", "field 'depends_on' makes a cycle: a -> c -> b -> a");
    }

    @Test
    void aCycleReachedFromOutsideShowsOnlyTheLoop() {
        rejects(template("t", "{}", "[{'id': 'start', 'type': 't', 'depends_on': ['x']},"
                + " {'id': 'x', 'type': 't', 'depends_on': ['y']},"
                + " {'id': 'y', 'type': 't', 'depends_on': ['x']}]"),
                "step 'x'", "makes a cycle: x -> y -> x");
    }

    @Test
    void repeatOnAHandlerStepIsRejected() {
        rejects(template("t", "{'n': {'type': 'integer', 'default': 2}}", "[{'id': 'a', 'type': 't', 'repeat': 'n'}]"),
                "step 'a'", "field 'repeat' is only allowed on a sub-flow step");
    }

    @Test
    void repeatNamingAMissingParameterIsRejected() {
        rejects(template("t", "{}", "[{'id': 'a', 'subflow': 'other', 'repeat': 'count'}]"),
                "step 'a'", "field 'repeat' must name an integer parameter", "got 'count'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"string", "number", "boolean", "array", "object"})
    void repeatNamingANonIntegerParameterIsRejected(String type) {
        rejects(template("t", "{'count': {'type': '" + type + "'}}",
                "[{'id': 'a', 'subflow': 'other', 'repeat': 'count'}]"),
                "step 'a'", "field 'repeat' must name an integer parameter");
    }

    @Test
    void repeatNamingAnIntegerParameterIsAccepted() throws Exception {
        Template t = parse(template("t", "{'count': {'type': 'integer', 'default': 2}}",
                "[{'id': 'a', 'subflow': 'other', 'repeat': 'count'}]"));

        assertThat(t.steps().get(0).repeat()).isEqualTo("count");
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 86_401, 1_000_000})
    void aTimeoutOutOfRangeIsRejected(long timeout) {
        rejects(oneStep("{'id': 'a', 'type': 't', 'timeout_seconds': " + timeout + "}"), "step 'a'",
                "field 'timeout_seconds'");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 21, 100})
    void retriesOutOfRangeAreRejected(int retries) {
        rejects(oneStep("{'id': 'a', 'type': 't', 'retries': " + retries + "}"), "step 'a'", "field 'retries' must be 0-20");
    }

    @Test
    void configThatIsNotAnObjectIsRejected() {
        rejects(oneStep("{'id': 'a', 'type': 't', 'config': [1]}"), "step 'a'", "field 'config' must be an object");
    }

    @Test
    void aNonNumericTimeoutIsRejected() {
        rejects(oneStep("{'id': 'a', 'type': 't', 'timeout_seconds': 'five minutes'}"), "step 'a'",
                "field 'timeout_seconds'");
    }

    // ------------------------------------------------------------------ rejections: parameters

    @Test
    void anUnknownParameterFieldIsRejectedNamingTheParameter() {
        rejects(template("t", "{'n': {'type': 'integer', 'minimum': 1}}", "[{'id': 'a', 'type': 't'}]"),
                "(template t)", "parameter 'n'", "unknown field 'minimum'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"float", "int", "String", "list", ""})
    void aBadParameterTypeIsRejected(String type) {
        rejects(template("t", "{'n': {'type': '" + type + "'}}", "[{'id': 'a', 'type': 't'}]"),
                "parameter 'n'", "field 'type' must be one of");
    }

    @Test
    void aParameterWithoutTypeIsRejected() {
        rejects(template("t", "{'n': {'required': true}}", "[{'id': 'a', 'type': 't'}]"),
                "parameter 'n'", "field 'type' must be one of");
    }

    @Test
    void aBadParameterNameIsRejected() {
        rejects(template("t", "{'Count': {'type': 'integer'}}", "[{'id': 'a', 'type': 't'}]"),
                "parameter 'Count'", "lower_snake_case");
    }

    @Test
    void parametersThatAreNotAnObjectAreRejected() {
        rejects(template("t", "[]", "[{'id': 'a', 'type': 't'}]"), "field 'parameters' must be an object");
    }

    @Test
    void anEmptyOrNonArrayAllowedIsRejected() {
        rejects(template("t", "{'s': {'type': 'string', 'allowed': []}}", "[{'id': 'a', 'type': 't'}]"),
                "parameter 's'", "field 'allowed' must be a non-empty array");
        rejects(template("t", "{'s': {'type': 'string', 'allowed': 'x'}}", "[{'id': 'a', 'type': 't'}]"),
                "parameter 's'", "field 'allowed' must be a non-empty array");
    }

    @Test
    void aNonNumericMinIsRejected() {
        rejects(template("t", "{'n': {'type': 'integer', 'min': 'one'}}", "[{'id': 'a', 'type': 't'}]"),
                "parameter 'n'", "field 'min' must be a number");
    }

    @Test
    void aDefaultBelowMinIsRejected() {
        rejects(template("t", "{'n': {'type': 'integer', 'default': 0, 'min': 1}}", "[{'id': 'a', 'type': 't'}]"),
                "parameter 'n'", "field 'default' is invalid", "must be at least 1");
    }

    @Test
    void aDefaultAboveMaxIsRejected() {
        rejects(template("t", "{'n': {'type': 'number', 'default': 2.5, 'max': 2}}", "[{'id': 'a', 'type': 't'}]"),
                "parameter 'n'", "field 'default' is invalid", "must be at most 2");
    }

    @Test
    void aStringDefaultLongerThanMaxIsRejected() {
        rejects(template("t", "{'s': {'type': 'string', 'default': 'abcd', 'max': 3}}", "[{'id': 'a', 'type': 't'}]"),
                "parameter 's'", "field 'default' is invalid", "must be at most 3 characters");
    }

    @Test
    void aDefaultOutsideAllowedIsRejected() {
        rejects(template("t", "{'d': {'type': 'string', 'default': 'extreme', 'allowed': ['easy', 'hard']}}",
                "[{'id': 'a', 'type': 't'}]"),
                "parameter 'd'", "field 'default' is invalid", "must be one of [easy, hard]");
    }

    @Test
    void aDefaultOfTheWrongTypeIsRejected() {
        rejects(template("t", "{'n': {'type': 'integer', 'default': 'three'}}", "[{'id': 'a', 'type': 't'}]"),
                "parameter 'n'", "field 'default' is invalid", "must be a whole number");
        rejects(template("t", "{'b': {'type': 'boolean', 'default': 1}}", "[{'id': 'a', 'type': 't'}]"),
                "parameter 'b'", "field 'default' is invalid", "must be true or false");
    }

    @Test
    void theSourceNameIsUsedVerbatimInMessages() {
        assertThatThrownBy(() -> parser.parse("/etc/toolbox/workflows/my.json",
                "{\"name\": \"t\", \"bogus\": 1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("/etc/toolbox/workflows/my.json: unknown field 'bogus'");
    }
}
