package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.Vec3;

class ChecksTest {

    static final ContentBrief BRIEF = ContentBrief.of(Map.of("subject", "Mathematics", "grade_level", 7L,
            "learning_objectives", List.of("Fractions", "Decimals"), "duration_minutes", 45L,
            "quiz", Map.of("question_count", 2, "question_types", List.of("multiple_choice", "true_false")),
            "standards", List.of("CCSS.7.NS.1")));

    static final LessonPlan PLAN = new LessonPlan("Fractions and decimals", "Mathematics", "7", "Summary",
            List.of(new LessonPlan.Objective("obj1", "Add fractions"), new LessonPlan.Objective("obj2", "Use decimals")),
            List.of(new LessonPlan.Activity("Warm up", "obj1", 20, "Add halves and quarters."),
                    new LessonPlan.Activity("Decimals", "obj2", 25, "Turn tenths into decimals.")),
            List.of(new LessonPlan.Term("fraction", "A part of a whole.")), List.of("CCSS.7.NS.1"));

    static Quiz.Question mc(String id, String objective, List<String> options, List<String> answer) {
        return new Quiz.Question(id, "multiple_choice", objective, "What is 1/2 + 1/4?", options, answer, 2, "Common denominators.");
    }

    @Test
    void aGoodLessonPlanPassesAndInventedStandardsOrWrongTimingFail() {
        assertThat(LessonChecks.check(PLAN, BRIEF).errors()).isEmpty();
        LessonPlan invented = new LessonPlan(PLAN.title(), PLAN.subject(), "7", "", PLAN.objectives(), PLAN.activities(),
                PLAN.vocabulary(), List.of("CCSS.7.NS.1", "MADE.UP.1"));
        assertThat(LessonChecks.check(invented, BRIEF).errors()).anyMatch(e -> e.contains("MADE.UP.1"));
        LessonPlan short_ = new LessonPlan(PLAN.title(), PLAN.subject(), "7", "", PLAN.objectives(),
                List.of(new LessonPlan.Activity("Only", "obj1", 10, "x")), PLAN.vocabulary(), List.of());
        assertThat(LessonChecks.check(short_, BRIEF).errors())
                .anyMatch(e -> e.contains("10 minutes"))
                .anyMatch(e -> e.contains("obj2") && e.contains("no activity"));
    }

    @Test
    void aQuestionOfATypeTheTeacherDidNotAllowIsAnError() {
        Quiz quiz = new Quiz("Quiz", List.of(mc("q1", "obj1", List.of("3/4", "2/6"), List.of("3/4")),
                new Quiz.Question("q2", "matching", "obj2", "Match.", List.of("a", "b"), List.of("a"), 1, "Pairs."),
                new Quiz.Question("q3", "essay", "obj2", "Write.", List.of(), List.of("x"), 1, "Prose.")));

        assertThat(QuizChecks.check(quiz, BRIEF, PLAN).list()).filteredOn(f -> f.check().equals("question_type"))
                .extracting(f -> f.part()).containsOnly("quiz.q2", "quiz.q3");
    }

    @Test
    void multipleChoiceNeedsExactlyOneCorrectDistinctOption() {
        Quiz good = new Quiz("Quiz", List.of(
                mc("q1", "obj1", List.of("3/4", "2/6", "1/8"), List.of("3/4")),
                new Quiz.Question("q2", "true_false", "obj2", "0.5 equals 1/2.", List.of(), List.of("true"), 1, "Half.")));
        assertThat(QuizChecks.check(good, BRIEF, PLAN).errors()).isEmpty();

        Quiz noneCorrect = new Quiz("Quiz", List.of(mc("q1", "obj1", List.of("3/4", "2/6"), List.of("5/8")),
                good.questions().get(1)));
        assertThat(QuizChecks.check(noneCorrect, BRIEF, PLAN).errors()).anyMatch(e -> e.contains("exactly one correct"));

        Quiz duplicate = new Quiz("Quiz", List.of(mc("q1", "obj1", List.of("3/4", " 3/4", "1/8"), List.of("3/4")),
                good.questions().get(1)));
        assertThat(QuizChecks.check(duplicate, BRIEF, PLAN).list()).anyMatch(f -> f.check().equals("option_uniqueness"));

        Quiz badTrueFalse = new Quiz("Quiz", List.of(good.questions().get(0),
                new Quiz.Question("q2", "true_false", "obj2", "?", List.of(), List.of("maybe"), 1, "x")));
        assertThat(QuizChecks.check(badTrueFalse, BRIEF, PLAN).errors()).anyMatch(e -> e.contains("[\"true\"] or [\"false\"]"));
    }

    @Test
    void everyObjectiveNeedsAQuestionAndQuestionsNeedKnownObjectivesAndPoints() {
        Quiz skewed = new Quiz("Quiz", List.of(
                mc("q1", "obj1", List.of("3/4", "2/6"), List.of("3/4")),
                new Quiz.Question("q2", "true_false", "obj9", "?", List.of(), List.of("true"), 11, "x")));
        List<String> errors = QuizChecks.check(skewed, BRIEF, PLAN).errors();
        assertThat(errors).anyMatch(e -> e.contains("objective obj2"))
                .anyMatch(e -> e.contains("unknown objective obj9"))
                .anyMatch(e -> e.contains("11 points"));
    }

    @Test
    void countsOfOneAreWrittenInTheSingular() {
        Quiz one = new Quiz("Quiz", List.of(
                new Quiz.Question("q1", "true_false", "obj1", "1/2 equals 0.5.", List.of(), List.of("true"), 0, "Half.")));
        assertThat(QuizChecks.check(one, BRIEF, PLAN).errors())
                .contains("quiz.questions: has 1 question; 2 were asked for", "quiz.q1: is worth 0 points; 1-10 are allowed");
        LessonPlan oneObjective = new LessonPlan(PLAN.title(), PLAN.subject(), "7", "", PLAN.objectives().subList(0, 1),
                List.of(new LessonPlan.Activity("Only", "obj1", 1, "x")), PLAN.vocabulary(), List.of());
        assertThat(LessonChecks.check(oneObjective, BRIEF).errors())
                .contains("lesson_plan.objectives: has 1 objective; the request has 2",
                        "lesson_plan.activities: last 1 minute; the lesson has 45");
        assertThat(Findings.count(1, "attempt")).isEqualTo("1 attempt");
        assertThat(Findings.count(0, "attempt")).isEqualTo("0 attempts");
    }

    @Test
    void environmentsStayInBoundsWithoutOverlapsAndOneStationPerObjective() {
        EnvironmentPlan.Zone zone = new EnvironmentPlan.Zone("zone1", "Hall", new Vec3(0, 0.5, 0), new Vec3(100, 1, 100));
        EnvironmentPlan good = new EnvironmentPlan("interactive_classroom", new Vec3(200, 50, 200), new Vec3(0, 3, -80),
                List.of(zone),
                List.of(new EnvironmentPlan.Station("station1", "A", "obj1", "zone1", new Vec3(-20, 2, 0), new Vec3(6, 4, 6)),
                        new EnvironmentPlan.Station("station2", "B", "obj2", "zone1", new Vec3(20, 2, 0), new Vec3(6, 4, 6))),
                List.of(new EnvironmentPlan.Prop("Desk", new Vec3(0, 1, 30), new Vec3(4, 2, 2), "#886644")));
        assertThat(EnvironmentChecks.check(good, PLAN).errors()).isEmpty();

        EnvironmentPlan bad = new EnvironmentPlan("interactive_classroom", new Vec3(200, 50, 200), new Vec3(0, 3, -80),
                List.of(zone),
                List.of(new EnvironmentPlan.Station("station1", "A", "obj1", "zone1", new Vec3(-20, 2, 0), new Vec3(6, 4, 6)),
                        new EnvironmentPlan.Station("station2", "B", "obj1", "zone1", new Vec3(-18, 2, 0), new Vec3(6, 4, 6))),
                List.of(new EnvironmentPlan.Prop("Tree", new Vec3(99, 1, 0), new Vec3(4, 2, 2), "#228822")));
        List<String> errors = EnvironmentChecks.check(bad, PLAN).errors();
        assertThat(errors).anyMatch(e -> e.contains("overlaps"))
                .anyMatch(e -> e.contains("objective obj2 has 0 stations"))
                .anyMatch(e -> e.contains("objective obj1 has 2 stations"))
                .anyMatch(e -> e.contains("Tree") && e.contains("outside the terrain"));
    }

    @Test
    void touchingBoxesDoNotOverlap() {
        EnvironmentChecks.Box a = new EnvironmentChecks.Box("a", new Vec3(0, 1, 0), new Vec3(2, 2, 2));
        EnvironmentChecks.Box b = new EnvironmentChecks.Box("b", new Vec3(2, 1, 0), new Vec3(2, 2, 2));
        EnvironmentChecks.Box c = new EnvironmentChecks.Box("c", new Vec3(1.5, 1, 0), new Vec3(2, 2, 2));
        assertThat(EnvironmentChecks.overlap(a, b)).isFalse();
        assertThat(EnvironmentChecks.overlap(a, c)).isTrue();
    }

    @Test
    void readingLevelRisesWithLongWordsAndSentences() {
        double easy = ReadingLevel.grade("The cat sat. The dog ran. We had fun.");
        double hard = ReadingLevel.grade("Photosynthesis transforms electromagnetic radiation into chemical energy "
                + "through sophisticated biochemical mechanisms occurring within chloroplast organelles.");
        assertThat(easy).isLessThan(3);
        assertThat(hard).isGreaterThan(12);
        assertThat(ReadingLevel.grade("")).isZero();
    }
}
