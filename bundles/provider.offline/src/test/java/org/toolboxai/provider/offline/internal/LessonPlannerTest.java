package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.LessonPlan;

class LessonPlannerTest {

    private static final List<String> OBJECTIVES = List.of("Fractions", "Explain photosynthesis", "The water cycle",
            "Compare ecosystems and habitats", "World War II causes", "Decimals", "Write a narrative paragraph",
            "Use algorithms and loops", "Describe forces and motion", "Identify the main idea of a text");

    @Test
    void minutesAddUpExactlyAndEveryObjectiveHasAnActivity() throws Exception {
        int checked = 0;
        for (int n = 1; n <= 10; n++) {
            for (int minutes = Math.max(5, n); minutes <= 180; minutes += (minutes < 30 ? 1 : 7)) {
                List<String> objectives = OBJECTIVES.subList(0, n);
                LessonPlan plan = Requests.curriculum(Requests.context(Requests.request("Science", n % 13, objectives,
                        "laboratory", minutes, 5, List.of(), "medium", List.of())));
                assertThat(plan.activities().stream().mapToInt(LessonPlan.Activity::minutes).sum())
                        .as("%d objectives, %d minutes", n, minutes).isEqualTo(minutes);
                assertThat(plan.activities()).allSatisfy(a -> assertThat(a.minutes()).isPositive());
                assertThat(plan.objectives()).extracting(LessonPlan.Objective::id)
                        .containsExactlyElementsOf(ids(n));
                for (String id : ids(n)) {
                    assertThat(plan.activities()).as("objective %s", id).anyMatch(a -> a.objectiveId().equals(id));
                }
                assertThat(plan.activities()).extracting(LessonPlan.Activity::objectiveId).allMatch(ids(n)::contains);
                assertThat(plan.activities().stream().map(LessonPlan.Activity::title).collect(Collectors.toSet()))
                        .hasSize(plan.activities().size());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void fewerMinutesThanObjectivesStillGivesEveryObjectiveOneMinute() throws Exception {
        LessonPlan plan = Requests.curriculum(Requests.context(Requests.request("Science", 4, OBJECTIVES, "outdoor", 5, 5,
                List.of(), "easy", List.of())));
        assertThat(plan.activities()).hasSize(10).allSatisfy(a -> assertThat(a.minutes()).isEqualTo(1));
        assertThat(plan.summary()).contains("fewer than the 10 objectives");
    }

    @Test
    void standardsAreExactlyTheRequestsAndNeverInvented() throws Exception {
        LessonPlan none = Requests.curriculum(Requests.context(Requests.request("Mathematics", 7, List.of("Fractions"),
                "museum", 45, 5, List.of(), "medium", List.of())));
        assertThat(none.standards()).isEmpty();
        List<String> given = List.of("CCSS.MATH.CONTENT.7.NS.A.1", "CCSS.MATH.CONTENT.7.EE.B.4");
        LessonPlan some = Requests.curriculum(Requests.context(Requests.request("Mathematics", 7, List.of("Fractions",
                "Equations"), "museum", 45, 5, List.of(), "medium", given)));
        assertThat(some.standards()).containsExactlyElementsOf(given);
    }

    @Test
    void objectivesArePhrasedAsOutcomesAndVocabularyHasThreeToEightTerms() throws Exception {
        LessonPlan plan = Requests.curriculum(Requests.context(Requests.request("Mathematics", 7,
                List.of("Fractions", "Solve one-step equations", "World War II"), "outdoor", 45, 5, List.of(), "medium",
                List.of())));
        assertThat(plan.objectives()).extracting(LessonPlan.Objective::text).containsExactly(
                "Learners will be able to solve exercises on fractions, getting at least 4 of 5 right.",
                "Learners will be able to solve one-step equations, getting at least 4 of 5 right.",
                "Learners will be able to describe and explain World War II in their own words.");
        assertThat(LessonPlanner.outcome("Causes of World War II", false))
                .isEqualTo("Learners will be able to describe and explain causes of World War II in their own words.");
        assertThat(LessonPlanner.outcome("The Treaty of Versailles", false))
                .isEqualTo("Learners will be able to describe and explain the Treaty of Versailles in their own words.");
        assertThat(LessonPlanner.outcome("DNA replication", false))
                .isEqualTo("Learners will be able to describe and explain DNA replication in their own words.");
        assertThat(LessonPlanner.outcome("Students will compare habitats.", false)).isEqualTo("Students will compare habitats.");
        assertThat(plan.vocabulary()).extracting(LessonPlan.Term::term).contains("fraction", "equation");
        for (int n = 1; n <= 10; n++) {
            for (String subject : List.of("Mathematics", "Science", "History", "Art", "X")) {
                List<String> objectives = new ArrayList<>(OBJECTIVES.subList(0, n));
                if (subject.equals("X")) {
                    objectives = List.of("Zyx qwv", "Blorp");
                }
                LessonPlan p = Requests.curriculum(Requests.context(Requests.request(subject, 5, objectives, "outdoor", 60, 5,
                        List.of(), "medium", List.of())));
                assertThat(p.vocabulary()).hasSizeBetween(3, 8);
                Set<String> terms = p.vocabulary().stream().map(LessonPlan.Term::term).collect(Collectors.toSet());
                assertThat(terms).hasSize(p.vocabulary().size());
                assertThat(p.vocabulary()).allSatisfy(t -> assertThat(t.definition()).isNotBlank());
            }
        }
    }

    @Test
    void titleSubjectGradeAndSummaryComeFromTheRequest() throws Exception {
        LessonPlan plan = Requests.curriculum(Requests.context(Requests.request("Mathematics", 7,
                List.of("Fractions", "Decimals"), "space_station", 45, 4, List.of(), "medium", List.of())));
        assertThat(plan.title()).isEqualTo("Fractions and decimals in the Space Station");
        assertThat(plan.subject()).isEqualTo("Mathematics");
        assertThat(plan.gradeLevel()).isEqualTo("7");
        assertThat(plan.summary()).contains("45-minute", "grade 7", "space station");
    }

    @Test
    void allocationIsExactAndProportional() {
        assertThat(LessonPlanner.allocate(45, new int[] {2, 3, 4, 3, 3})).containsExactly(6, 9, 12, 9, 9);
        for (int total = 3; total < 200; total++) {
            int[] minutes = LessonPlanner.allocate(total, new int[] {1, 4, 3});
            assertThat(minutes[0] + minutes[1] + minutes[2]).isEqualTo(total);
        }
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add("obj" + i);
        }
        return ids;
    }

    @Test
    void mathsActivitiesHoldTheWorkedExampleThePracticeItemsAndTheExitTicketTheyMention() throws Exception {
        LessonPlan plan = Requests.curriculum(Requests.context(Requests.request("Mathematics", 6,
                List.of("Add and subtract fractions with unlike denominators"), "outdoor", 45, 5, List.of(), "medium", List.of())));

        assertThat(plan.activities()).anySatisfy(a -> assertThat(a.description())
                .startsWith("Worked example, step by step on the board: What is ").contains("/"));
        assertThat(plan.activities()).anySatisfy(a -> assertThat(a.description())
                .matches("Solve on your own, then compare answers with a partner: \\(1\\) .+ \\(2\\) .+ \\(3\\) .+"));
        assertThat(plan.activities()).last().satisfies(a -> assertThat(a.description()).contains("Exit ticket: before you leave"));
        assertThat(plan.activities()).allSatisfy(a -> assertThat(a.title() + a.description()).doesNotContain("..."));
        assertThat(plan.summary()).doesNotContain("A 8-");
    }
}
