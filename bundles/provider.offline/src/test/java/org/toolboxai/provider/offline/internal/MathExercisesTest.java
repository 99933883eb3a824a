package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.toolboxai.provider.offline.internal.MathExercises.Topic;

class MathExercisesTest {

    /** Every topic at every level, many seeds: the oracle recomputes each answer from the text. */
    @Test
    void answersAreRightAndDistractorsAreWrongAndDistinct() {
        int checked = 0;
        for (Topic topic : Topic.values()) {
            for (int level = 0; level <= 17; level++) {
                for (int seed = 0; seed < 250; seed++) {
                    Problem p = MathExercises.problem(topic, level, new Rng(seed * 1_000_003L + level * 31L + topic.ordinal()));
                    String at = topic + " level " + level + " seed " + seed + ": " + p.question() + " -> " + p.answer()
                            + " " + p.distractors();
                    MathOracle.Q right = MathOracle.solve(p.question()).orElseThrow(() -> new AssertionError("unknown " + at));
                    assertThat(MathOracle.value(p.answer()).compare(right)).as(at).isZero();
                    assertThat(MathOracle.lowestTerms(p.answer())).as(at).isTrue();
                    assertThat(MathOracle.solve(p.label()).orElseThrow(() -> new AssertionError("label " + p.label() + " " + at))
                            .compare(right)).as(at).isZero();
                    assertThat(MathOracle.solve(p.statementWith("___")).orElseThrow().compare(right)).as(at).isZero();
                    String[] split = MathOracle.split(p.statementWith(p.answer()));
                    assertThat(MathOracle.value(split[1]).compare(right)).as(at).isZero();
                    assertThat(p.distractors()).as(at).hasSize(3).doesNotHaveDuplicates().doesNotContain(p.answer());
                    List<MathOracle.Q> seen = new ArrayList<>();
                    seen.add(right);
                    for (String d : p.distractors()) {
                        MathOracle.Q v = MathOracle.value(d);
                        assertThat(seen).as(at + " distractor " + d).noneMatch(s -> s.compare(v) == 0);
                        seen.add(v);
                    }
                    assertThat(p.explanation()).as(at).contains(p.answer());
                    if (topic == Topic.AREA) {
                        assertThat(p.answer()).as(at).matches("\\d+ square (cm|m|in|ft)");
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(Topic.values().length * 18 * 250);
    }

    @Test
    void equationsHaveWholeSolutionsThatSatisfyThem() {
        for (int seed = 0; seed < 500; seed++) {
            for (int level : new int[] {3, 7, 10, 13}) {
                Problem p = MathExercises.problem(Topic.EQUATION, level, new Rng(seed));
                String eq = p.label();
                String lhs = eq.substring(0, eq.lastIndexOf(" = "));
                long c = Long.parseLong(eq.substring(eq.lastIndexOf(" = ") + 3));
                assertThat(MathOracle.evaluate(lhs, Long.parseLong(p.answer()))).as(eq + " with x = " + p.answer()).isEqualTo(c);
            }
        }
    }

    @Test
    void topicsAreFoundByKeywordInOrder() {
        assertThat(MathExercises.topics("Convert fractions to decimals and percentages", false))
                .containsExactly(Topic.FRACTION, Topic.DECIMAL, Topic.PERCENT);
        assertThat(MathExercises.topics("Area and perimeter", true)).containsExactly(Topic.AREA, Topic.PERIMETER);
        assertThat(MathExercises.topics("Solve two-step equations", true)).containsExactly(Topic.EQUATION);
        assertThat(MathExercises.topics("Angles of a triangle", true)).containsExactly(Topic.ANGLE);
        assertThat(MathExercises.topics("Place value", true)).containsExactly(Topic.PLACE_VALUE);
        assertThat(MathExercises.topics("Add and subtract fractions", true)).containsExactly(Topic.FRACTION);
        assertThat(MathExercises.topics("Area of a circle", true)).containsExactly(Topic.CIRCLE);
        assertThat(MathExercises.topics("Graph linear functions", true)).containsExactly(Topic.SLOPE);
        assertThat(MathExercises.topics("Model fractions with pictures", true)).containsExactly(Topic.FRACTION);
        assertThat(MathExercises.topics("Balancing chemical equations", false)).isEmpty();
        assertThat(MathExercises.topics("Understand symmetry", true)).isEmpty();
        assertThat(MathExercises.topics("Understand what a fraction means", true)).containsExactly(Topic.FRACTION);
        assertThat(MathExercises.topics("Explain what multiplication means", true)).containsExactly(Topic.MULTIPLICATION);
        assertThat(MathExercises.topics("Read bar graphs", true)).isEmpty();
        assertThat(MathExercises.topics("The base-ten number system", true)).isEmpty();
        assertThat(MathExercises.topics("Solve systems of two linear equations", true)).containsExactly(Topic.SYSTEM);
        assertThat(MathExercises.topics("Explain photosynthesis", false)).isEmpty();
        assertThat(MathExercises.topics("Heart rate and variables in experiments", false)).isEmpty();
        assertThat(MathExercises.topics("Triangles in architecture", false)).isEmpty();
    }

    @Test
    void numberRangesGrowWithTheLevel() {
        long small = 0;
        long large = 0;
        for (int seed = 0; seed < 200; seed++) {
            small += Math.abs(MathExercises.problem(Topic.ADDITION, 1, new Rng(seed)).value().num());
            large += Math.abs(MathExercises.problem(Topic.ADDITION, 6, new Rng(seed)).value().num());
        }
        assertThat(large).isGreaterThan(small * 5);
    }

    @Test
    void fractionArithmeticIsExact() {
        assertThat(Fraction.of(2, 3).plus(Fraction.of(1, 4))).isEqualTo(Fraction.of(11, 12));
        assertThat(Fraction.of(6, 8)).hasToString("3/4");
        assertThat(Fraction.of(3, -6)).hasToString("-1/2");
        assertThat(Fraction.of(1, 2).minus(Fraction.of(1, 2))).isEqualTo(Fraction.ZERO).hasToString("0");
        assertThat(Fraction.of(2, 3).times(Fraction.of(3, 4))).hasToString("1/2");
        assertThat(Fraction.of(1, 2).dividedBy(Fraction.of(1, 4))).hasToString("2");
        assertThat(Fraction.of(1, 3).compareTo(Fraction.of(1, 2))).isNegative();
        assertThat(Fraction.of(7, 4).toDecimalString()).isEqualTo("1.75");
        assertThat(Fraction.of(1, 3).toDecimalString()).isNull();
        assertThat(Fraction.of(new java.math.BigDecimal("3.450"))).isEqualTo(Fraction.of(69, 20));
    }
}
