package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.source;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.template;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.toolboxai.api.http.FieldError;

class RunPlannerTest {

    private static final long DEFAULT_TIMEOUT = 600_000;
    private static final int DEFAULT_RETRIES = 2;
    private static final List<String> LESSON_STEPS = List.of("curriculum_analysis", "environment_planning",
            "quiz_creation", "script_generation", "integration_qa");

    private final TemplateRegistry registry = TemplateFixtures.shippedRegistry();
    private final RunPlanner planner = new RunPlanner(name -> registry.get(name), DEFAULT_TIMEOUT, DEFAULT_RETRIES);

    /** Valid parameters for any shipped template, plus the given extras, validated like a real run. */
    private Map<String, Object> params(Template t, Map<String, Object> extra) {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("subject", "Mathematics");
        given.put("grade_level", 7);
        given.put("learning_objectives", List.of("fractions"));
        given.putAll(extra);
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> validated = ParameterValidator.validate(t, given, errors);
        assertThat(errors).isEmpty();
        return validated;
    }

    private List<PlannedStep> plan(String templateName, Map<String, Object> extra) {
        Template t = registry.get(templateName);
        return planner.plan(t, params(t, extra));
    }

    private static Map<String, PlannedStep> byId(List<PlannedStep> steps) {
        Map<String, PlannedStep> m = new LinkedHashMap<>();
        steps.forEach(s -> m.put(s.id(), s));
        return m;
    }

    private static void assertTopological(List<PlannedStep> steps) {
        Set<String> seen = new HashSet<>();
        for (PlannedStep s : steps) {
            assertThat(seen).as("dependencies of %s appear before it", s.id()).containsAll(s.dependsOn());
            assertThat(seen.add(s.id())).as("step id %s is unique", s.id()).isTrue();
        }
    }

    /** A registry and planner over ad-hoc templates (JSON with single quotes). */
    private static RunPlanner plannerFor(TemplateRegistry reg) {
        assertThat(reg.problems()).isEmpty();
        return new RunPlanner(reg::get, DEFAULT_TIMEOUT, DEFAULT_RETRIES);
    }

    // ------------------------------------------------------------------ educational_content

    @Test
    void educationalContentExpandsToFiveStepsInTopologicalOrder() {
        List<PlannedStep> steps = plan("educational_content", Map.of());

        assertThat(steps).extracting(PlannedStep::id).containsExactlyElementsOf(LESSON_STEPS);
        Map<String, PlannedStep> s = byId(steps);
        assertThat(s.get("curriculum_analysis").dependsOn()).isEmpty();
        assertThat(s.get("environment_planning").dependsOn()).containsExactly("curriculum_analysis");
        assertThat(s.get("quiz_creation").dependsOn()).containsExactly("curriculum_analysis");
        assertThat(s.get("script_generation").dependsOn()).containsExactly("environment_planning", "quiz_creation");
        assertThat(s.get("integration_qa").dependsOn()).containsExactly("script_generation");
    }

    @Test
    void educationalContentStepsCarryTypeKeyTimeoutAndDefaultRetries() {
        List<PlannedStep> steps = plan("educational_content", Map.of());

        assertThat(steps).allSatisfy(p -> {
            assertThat(p.templateStep()).isEqualTo("educational_content/" + p.id());
            assertThat(p.timeoutMillis()).as("timeout_seconds 300").isEqualTo(300_000);
            assertThat(p.retries()).as("default retries").isEqualTo(DEFAULT_RETRIES);
            assertThat(p.optional()).isFalse();
            // only the curriculum step is marked for the swarm's candidates
            assertThat(p.config()).isEqualTo(p.id().equals("curriculum_analysis")
                    ? java.util.Map.of("swarm", java.util.Map.of("candidates", 3, "strategy", "threshold")) : java.util.Map.of());
        });
        assertThat(steps).extracting(PlannedStep::type).containsExactly("agent.curriculum", "agent.environment",
                "agent.quiz", "agent.script", "agent.review");
    }

    @Test
    void defaultTimeoutAndRetriesApplyUnlessTheStepSetsThem() throws Exception {
        TemplateRegistry reg = new TemplateRegistry(List.of(source("t.json", template("custom", "{}",
                "[{'id': 'plain', 'type': 't'},"
                        + " {'id': 'tuned', 'type': 't', 'timeout_seconds': 45, 'retries': 0, 'optional': true,"
                        + "  'config': {'k': 'v'}, 'depends_on': ['plain']},"
                        + " {'id': 'zero', 'type': 't', 'timeout_seconds': 0, 'retries': 7, 'depends_on': ['plain']}]"))));

        Map<String, PlannedStep> s = byId(plannerFor(reg).plan(reg.get("custom"), Map.of()));

        assertThat(s.get("plain").timeoutMillis()).isEqualTo(DEFAULT_TIMEOUT);
        assertThat(s.get("plain").retries()).isEqualTo(DEFAULT_RETRIES);
        assertThat(s.get("plain").optional()).isFalse();
        assertThat(s.get("tuned").timeoutMillis()).isEqualTo(45_000);
        assertThat(s.get("tuned").retries()).as("retries 0 is not the default").isZero();
        assertThat(s.get("tuned").optional()).isTrue();
        assertThat(s.get("tuned").config()).isEqualTo(Map.of("k", "v"));
        assertThat(s.get("zero").timeoutMillis()).as("timeout_seconds 0 means the default").isEqualTo(DEFAULT_TIMEOUT);
        assertThat(s.get("zero").retries()).isEqualTo(7);
    }

    // ------------------------------------------------------------------ complete_course

    @Test
    void completeCourseWithThreeLessonsExpandsToNineteenSteps() {
        List<PlannedStep> steps = plan("complete_course", Map.of("lesson_count", 3));

        List<String> expected = new ArrayList<>();
        expected.add("course_outline");
        for (int n = 1; n <= 3; n++) {
            for (String step : LESSON_STEPS) {
                expected.add("lesson_" + n + "." + step);
            }
        }
        expected.addAll(List.of("assessment_strategy", "navigation", "final_package"));
        assertThat(steps).hasSize(1 + 3 * 5 + 3).extracting(PlannedStep::id).containsExactlyElementsOf(expected);
    }

    @Test
    void completeCourseUsesItsDefaultLessonCount() {
        assertThat(plan("complete_course", Map.of())).hasSize(1 + 4 * 5 + 3);
    }

    @Test
    void eachLessonStartsAfterTheCourseOutlineAndKeepsItsInnerGraph() {
        Map<String, PlannedStep> s = byId(plan("complete_course", Map.of("lesson_count", 3)));

        for (int n = 1; n <= 3; n++) {
            String l = "lesson_" + n + ".";
            assertThat(s.get(l + "curriculum_analysis").dependsOn()).containsExactly("course_outline");
            assertThat(s.get(l + "environment_planning").dependsOn()).containsExactly(l + "curriculum_analysis");
            assertThat(s.get(l + "quiz_creation").dependsOn()).containsExactly(l + "curriculum_analysis");
            assertThat(s.get(l + "script_generation").dependsOn())
                    .containsExactly(l + "environment_planning", l + "quiz_creation");
            assertThat(s.get(l + "integration_qa").dependsOn()).containsExactly(l + "script_generation");
        }
        assertThat(s.get("course_outline").dependsOn()).isEmpty();
    }

    @Test
    void assessmentStrategyDependsOnEveryLessonsIntegrationQaAndOnlyThose() {
        Map<String, PlannedStep> s = byId(plan("complete_course", Map.of("lesson_count", 3)));

        assertThat(s.get("assessment_strategy").dependsOn()).containsExactlyInAnyOrder(
                "lesson_1.integration_qa", "lesson_2.integration_qa", "lesson_3.integration_qa");
        assertThat(s.get("navigation").dependsOn()).containsExactly("assessment_strategy");
        assertThat(s.get("final_package").dependsOn()).containsExactly("navigation");
    }

    @Test
    void lessonStepsCarryInstanceInstancesAndDifficultyRank() {
        Map<String, PlannedStep> s = byId(plan("complete_course", Map.of("lesson_count", 3)));

        for (int n = 1; n <= 3; n++) {
            for (String step : LESSON_STEPS) {
                PlannedStep p = s.get("lesson_" + n + "." + step);
                assertThat(p.config()).as(p.id())
                        .containsEntry("instance", n)
                        .containsEntry("instances", 3)
                        .containsEntry("difficulty_rank", n);
            }
        }
        assertThat(s.get("course_outline").config()).doesNotContainKeys("instance", "instances", "difficulty_rank");
        assertThat(s.get("assessment_strategy").config()).doesNotContainKeys("instance", "instances",
                "difficulty_rank");
    }

    @Test
    void templateStepKeysNameTheTemplateThatDeclaresTheStep() {
        Map<String, PlannedStep> s = byId(plan("complete_course", Map.of("lesson_count", 3)));

        assertThat(s.get("lesson_2.quiz_creation").templateStep()).isEqualTo("educational_content/quiz_creation");
        assertThat(s.get("lesson_2.quiz_creation").type()).isEqualTo("agent.quiz");
        assertThat(s.get("course_outline").templateStep()).isEqualTo("complete_course/course_outline");
        assertThat(s.get("final_package").templateStep()).isEqualTo("complete_course/final_package");
        assertThat(s.get("lesson_3.integration_qa").timeoutMillis()).isEqualTo(300_000);
        assertThat(s.get("navigation").timeoutMillis()).isEqualTo(120_000);
    }

    // ------------------------------------------------------------------ all templates

    @ParameterizedTest
    @ValueSource(strings = {"educational_content", "complete_course", "adaptive_assessment"})
    void everyPlannedStepsDependenciesAppearEarlier(String name) {
        List<PlannedStep> steps = plan(name, Map.of());

        assertThat(steps).isNotEmpty();
        assertTopological(steps);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 20})
    void completeCourseIsTopologicalForAnyLessonCount(int lessons) {
        List<PlannedStep> steps = plan("complete_course", Map.of("lesson_count", lessons));

        assertThat(steps).hasSize(1 + lessons * 5 + 3);
        assertTopological(steps);
    }

    @Test
    void adaptiveAssessmentIsAChainWithItsOwnTimeouts() {
        List<PlannedStep> steps = plan("adaptive_assessment", Map.of());

        assertThat(steps).extracting(PlannedStep::timeoutMillis)
                .containsExactly(120_000L, 120_000L, 600_000L, 300_000L, 120_000L);
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i).dependsOn()).containsExactly(steps.get(i - 1).id());
        }
    }

    // ------------------------------------------------------------------ sub-flow wiring

    @Test
    void aSingleSubflowIsPrefixedAndWiredToItsFirstAndLastSteps() {
        TemplateRegistry reg = new TemplateRegistry(List.of(
                source("inner.json", template("inner", "{}", "[{'id': 'x', 'type': 't'},"
                        + " {'id': 'y', 'type': 't', 'depends_on': ['x']}, {'id': 'z', 'type': 't', 'depends_on': ['x']}]")),
                source("outer.json", template("outer", "{}", "[{'id': 'first', 'type': 't'},"
                        + " {'id': 'sub', 'subflow': 'inner', 'depends_on': ['first'], 'config': {'theme': 'space'}},"
                        + " {'id': 'last', 'type': 't', 'depends_on': ['sub']}]"))));

        List<PlannedStep> steps = plannerFor(reg).plan(reg.get("outer"), Map.of());
        Map<String, PlannedStep> s = byId(steps);

        assertThat(steps).extracting(PlannedStep::id).containsExactly("first", "sub.x", "sub.y", "sub.z", "last");
        assertThat(s.get("sub.x").dependsOn()).containsExactly("first");
        assertThat(s.get("last").dependsOn()).containsExactlyInAnyOrder("sub.y", "sub.z");
        assertThat(s.get("sub.y").config()).as("a non-repeated sub-flow passes its config down, no instance")
                .isEqualTo(Map.of("theme", "space"));
        assertThat(s.get("sub.y").templateStep()).isEqualTo("inner/y");
    }

    @Test
    void nestedSubflowsPrefixEachLevel() {
        TemplateRegistry reg = new TemplateRegistry(List.of(
                source("leaf.json", template("leaf", "{}", "[{'id': 'work', 'type': 't'}]")),
                source("mid.json", template("mid", "{}", "[{'id': 'part', 'subflow': 'leaf'}]")),
                source("top.json", template("top", "{'n': {'type': 'integer', 'default': 2}}",
                        "[{'id': 'rep', 'subflow': 'mid', 'repeat': 'n'}]"))));
        Template top = reg.get("top");

        List<PlannedStep> steps = plannerFor(reg).plan(top, ParameterValidator.validate(top, Map.of(), new ArrayList<>()));

        assertThat(steps).extracting(PlannedStep::id).containsExactly("rep_1.part.work", "rep_2.part.work");
        assertThat(steps.get(1).config()).containsEntry("instance", 2).containsEntry("instances", 2);
        assertThat(steps.get(1).templateStep()).isEqualTo("leaf/work");
    }

    @Test
    void subflowsNestedDeeperThanTheLimitAreRejected() {
        List<TemplateRegistry.Source> sources = new ArrayList<>();
        sources.add(source("l0.json", template("l0", "{}", "[{'id': 'work', 'type': 't'}]")));
        for (int i = 1; i <= 5; i++) {
            sources.add(source("l" + i + ".json", template("l" + i, "{}",
                    "[{'id': 's', 'subflow': 'l" + (i - 1) + "'}]")));
        }
        TemplateRegistry reg = new TemplateRegistry(sources);
        RunPlanner p = plannerFor(reg);

        assertThat(p.plan(reg.get("l4"), Map.of())).extracting(PlannedStep::id).containsExactly("s.s.s.s.work");
        assertThatThrownBy(() -> p.plan(reg.get("l5"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nest deeper");
    }

    // ------------------------------------------------------------------ limits

    private TemplateRegistry manyRegistry() {
        return new TemplateRegistry(List.of(
                source("leaf.json", template("leaf", "{}", "[{'id': 'work', 'type': 't'}]")),
                source("many.json", template("many", "{'n': {'type': 'integer', 'required': true, 'min': 1}}",
                        "[{'id': 'copy', 'subflow': 'leaf', 'repeat': 'n'}]"))));
    }

    @Test
    void aRunAtMaxStepsIsPlanned() {
        TemplateRegistry reg = manyRegistry();

        List<PlannedStep> steps = plannerFor(reg).plan(reg.get("many"), Map.of("n", (long) RunPlanner.MAX_STEPS));

        assertThat(steps).hasSize(RunPlanner.MAX_STEPS);
        assertThat(steps.get(RunPlanner.MAX_STEPS - 1).id()).isEqualTo("copy_" + RunPlanner.MAX_STEPS + ".work");
    }

    @Test
    void aRunWhoseExpansionExceedsMaxStepsIsRefused() {
        TemplateRegistry reg = manyRegistry();
        RunPlanner p = plannerFor(reg);

        assertThatThrownBy(() -> p.plan(reg.get("many"), Map.of("n", (long) RunPlanner.MAX_STEPS + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(RunPlanner.MAX_STEPS));
        assertThatThrownBy(() -> p.plan(reg.get("many"), Map.of("n", 1_000_000_000L)))
                .as("stops early instead of expanding a huge run")
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ bugs found (disabled)

    @Test
    void aTemplateDeclaringADependencyAfterItsDependentIsPlanned() {
        TemplateRegistry reg = new TemplateRegistry(List.of(source("t.json", template("backwards", "{}",
                "[{'id': 'second', 'type': 't', 'depends_on': ['first']}, {'id': 'first', 'type': 't'}]"))));

        List<PlannedStep> steps = plannerFor(reg).plan(reg.get("backwards"), Map.of());

        assertThat(steps).extracting(PlannedStep::id).containsExactly("first", "second");
        assertTopological(steps);
    }

    @Test
    void aRepeatParameterThatMightBeAbsentIsRefusedWhenTheTemplateLoads() {
        TemplateRegistry reg = new TemplateRegistry(List.of(
                source("leaf.json", template("leaf", "{}", "[{'id': 'work', 'type': 't'}]")),
                source("opt.json", template("opt", "{'n': {'type': 'integer'}}",
                        "[{'id': 'copy', 'subflow': 'leaf', 'repeat': 'n'}]"))));

        assertThat(reg.get("opt")).isNull();
        assertThat(reg.problems()).singleElement().asString().contains("must be required or have a default");
    }

    @Test
    void aStepConfigWithANullValueIsPlanned() {
        TemplateRegistry reg = new TemplateRegistry(List.of(source("t.json", template("nulls", "{}",
                "[{'id': 'a', 'type': 't', 'config': {'hint': null}}]"))));

        List<PlannedStep> steps = plannerFor(reg).plan(reg.get("nulls"), Map.of());

        assertThat(steps.get(0).config()).containsKey("hint");
    }

    @Test
    void aSubflowRepeatedZeroTimesKeepsTheOrderingAroundIt() {
        TemplateRegistry reg = new TemplateRegistry(List.of(
                source("leaf.json", template("leaf", "{}", "[{'id': 'work', 'type': 't'}]")),
                source("zero.json", template("zero", "{'n': {'type': 'integer', 'min': 0, 'default': 0}}",
                        "[{'id': 'before', 'type': 't'},"
                                + " {'id': 'copy', 'subflow': 'leaf', 'repeat': 'n', 'depends_on': ['before']},"
                                + " {'id': 'after', 'type': 't', 'depends_on': ['copy']}]"))));

        Map<String, PlannedStep> s = byId(plannerFor(reg).plan(reg.get("zero"), Map.of("n", 0L)));

        assertThat(s).containsOnlyKeys("before", "after");
        assertThat(s.get("after").dependsOn()).containsExactly("before");
    }

    @Test
    void runStepIdsAreUniqueEvenWhenARepeatedPrefixMatchesAnotherStepId() {
        TemplateRegistry reg = new TemplateRegistry(List.of(
                source("leaf.json", template("leaf", "{}", "[{'id': 'work', 'type': 't'}]")),
                source("clash.json", template("clash", "{'n': {'type': 'integer', 'default': 1}}",
                        "[{'id': 'x', 'subflow': 'leaf', 'repeat': 'n'}, {'id': 'x_1', 'subflow': 'leaf'}]"))));
        // the parser refuses the template, naming the colliding step
        assertThat(reg.get("clash")).isNull();
        assertThat(reg.problems()).singleElement().asString().contains("step 'x_1'").contains("collides");
    }

    @Test
    void assessmentStrategyWaitsForEveryLessonEndForTheMaximumLessonCount() {
        // lesson exits are collected in a set; the dependency list must still name exactly the lesson ends
        List<PlannedStep> steps = plan("complete_course", Map.of("lesson_count", 20));

        assertThat(byId(steps).get("assessment_strategy").dependsOn()).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 20).mapToObj(n -> "lesson_" + n + ".integration_qa").toList());
    }
}
