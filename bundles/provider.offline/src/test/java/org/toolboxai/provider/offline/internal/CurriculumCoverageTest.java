package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.Quiz;

/**
 * K-12 mathematics objectives as teachers write them: every question of each one's quiz exercises
 * that objective's skill (a mark of it in the prompt or the options, judged here by words this
 * test chose, not the generator's keywords) and its key is what the independent oracle computes.
 */
class CurriculumCoverageTest {

    /** Objective, grade, and what every question about it must show. */
    private record Case(String objective, int grade, String shows) {
    }

    private static final List<Case> CASES = List.of(
            new Case("Count to 20", 0, "★|count"),
            new Case("Place value to 1000", 2, "digit"),
            new Case("Add within 20", 1, "\\+"),
            new Case("Subtract within 100", 2, "\\d - \\d"),
            new Case("Multiply within 100", 3, "×"),
            new Case("Division facts", 4, "÷"),
            new Case("Add and subtract fractions with unlike denominators", 5, "\\d/\\d"),
            new Case("Multiply decimals", 5, "\\d\\.\\d"),
            new Case("Find percentages of amounts", 6, "%|percent"),
            new Case("Ratios and rates", 6, ":|ratio"),
            new Case("Add and subtract integers", 7, "-\\d|\\(-"),
            new Case("Order of operations", 6, "\\d [-+×÷] \\(?\\d+\\)? [-+×÷] \\d"),
            new Case("Exponents and square roots", 8, "power|root"),
            new Case("Solve two-step equations", 7, "x"),
            new Case("Solve one-variable inequalities", 7, ">"),
            new Case("Solve systems of two linear equations", 9, "system| and x - y"),
            new Case("Solve quadratic equations by factoring", 10, "x²"),
            new Case("Find the slope of a line", 8, "slope|line"),
            new Case("Pythagorean theorem", 8, "hypotenuse|leg"),
            new Case("Area and perimeter of rectangles", 4, "area|perimeter|sides"),
            new Case("Volume of rectangular prisms", 5, "volume|box"),
            new Case("Area of a circle", 7, "circle"),
            new Case("Mean, median and mode", 6, "mean|median|mode"),
            new Case("Probability of simple events", 7, "probability|marble"),
            new Case("Angles in a triangle", 7, "angle|degrees"));

    @Test
    void everyQuestionExercisesItsObjectivesSkillWithAKeyTheOracleAgreesWith() throws Exception {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(20);
        int checked = 0;
        for (Case c : CASES) {
            for (int seed = 0; seed < 5; seed++) {
                Map<String, Object> request = Requests.request("Mathematics", c.grade(), List.of(c.objective()), "interactive_classroom",
                        45, 6, QuizMakerTest.ALL_TYPES, "medium", List.of());
                request.put("subject", "Mathematics " + seed);
                Requests.Package pkg = Requests.chain(request);
                Pattern shows = Pattern.compile(c.shows());
                for (Quiz.Question q : pkg.quiz().questions()) {
                    String at = c.objective() + " (grade " + c.grade() + ") " + q.id() + " " + q.type() + ": " + q.prompt()
                            + " " + q.options();
                    String seen = (q.prompt() + " " + String.join(" ", q.options() == null ? List.of() : q.options()))
                            .toLowerCase(Locale.ROOT);
                    assertThat(shows.matcher(seen).find()).as(at).isTrue();
                    QuizMakerTest.verifyMath(q, at);
                    checked++;
                }
                assertThat(OfflineChatModelProvider.limitations(Brief.of(Requests.facts(pkg.context())))).as(c.objective()).isEmpty();
            }
        }
        assertThat(checked).isEqualTo(CASES.size() * 5 * 6);
    }

    @Test
    void anObjectiveWithoutAKnownSkillGetsNoExercisesAndIsReported() throws Exception {
        Map<String, Object> request = Requests.request("Mathematics", 4, List.of("Understand symmetry"), "interactive_classroom", 45,
                4, List.of("multiple_choice"), "medium", List.of());
        Requests.Package pkg = Requests.chain(request);

        assertThat(pkg.quiz().questions()).noneMatch(q -> q.prompt().matches(".*\\d\\s*[-+×÷]\\s*\\d.*"));
        assertThat(OfflineChatModelProvider.limitations(Brief.of(Requests.facts(pkg.context())))).singleElement()
                .satisfies(l -> assertThat(l).contains("cannot teach \"Understand symmetry\""));
    }
}
