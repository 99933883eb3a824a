package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.toolboxai.agents.internal.Arithmetic.Rational;

/** The checks' own arithmetic, against values worked out by hand. */
class ArithmeticTest {

    private static String value(String expression) {
        return Arithmetic.value(expression).map(Rational::toString).orElse("unreadable");
    }

    @Test
    void expressionsAreExactWithPrecedenceParenthesesAndImplicitMultiplication() {
        assertThat(value("3/4 + 1/8")).isEqualTo("7/8");
        assertThat(value("2 + 3 × 4")).isEqualTo("14");
        assertThat(value("(2 + 3) * 4")).isEqualTo("20");
        assertThat(value("15 - (-5)")).isEqualTo("20");
        assertThat(value("2(3 + 4)")).isEqualTo("14");
        assertThat(value("2^3 + 1")).isEqualTo("9");
        assertThat(value("12 ÷ 0.5")).isEqualTo("24");
        // a written fraction is one number beside ÷ (an offline question's right key was refused as 1/12)
        assertThat(value("1/2 ÷ 1/6")).isEqualTo("3");
        assertThat(value("3/4 ÷ 2")).isEqualTo("3/8");
        assertThat(value("2.5 ÷ 0.5")).isEqualTo("5");
        assertThat(value("0.1 + 0.2")).isEqualTo("3/10");
        assertThat(value("1,000 − 1")).isEqualTo("999");
        assertThat(value("3 + ")).isEqualTo("unreadable");
        assertThat(value("1/0")).isEqualTo("unreadable");
        assertThat(value("x + 1")).isEqualTo("unreadable");
    }

    @Test
    void linearEquationsAreSolvedAndOthersAreLeftAlone() {
        assertThat(Arithmetic.solve("10(x + 8) = 160")).contains(Rational.of(8));
        assertThat(Arithmetic.solve("3x - 7 = 2x + 5")).contains(Rational.of(12));
        assertThat(Arithmetic.solve("2x = 3").map(Rational::toString)).contains("3/2");
        assertThat(Arithmetic.solve("x * x = 4")).isEmpty();
        assertThat(Arithmetic.solve("x = x")).isEmpty();
    }

    @Test
    void writtenAnswersAreReadAsPeopleWriteThem() {
        assertThat(Arithmetic.number("1 1/2")).contains(new Rational(java.math.BigInteger.valueOf(3), java.math.BigInteger.TWO));
        assertThat(Arithmetic.number("x = 5")).contains(Rational.of(5));
        assertThat(Arithmetic.number("$4.50").map(Rational::toString)).contains("9/2");
        assertThat(Arithmetic.number("five")).isEmpty();
        assertThat(Arithmetic.agrees("0.33", Arithmetic.value("1/3").orElseThrow())).isTrue();
        assertThat(Arithmetic.agrees("0.3", Arithmetic.value("1/3").orElseThrow())).isTrue();
        assertThat(Arithmetic.agrees("0.34", Arithmetic.value("1/3").orElseThrow())).isFalse();
        assertThat(Arithmetic.agrees("2/6", Arithmetic.value("1/3").orElseThrow())).isTrue();
        // 7.69 has an exact decimal: 7.7 is a wrong option, not a rounding of it
        assertThat(Arithmetic.agrees("7.7", Arithmetic.value("19.71 - 12.02").orElseThrow())).isFalse();
    }

    @Test
    void promptsAreReadOnlyWhenTheyAreArithmetic() {
        assertThat(AnswerChecks.expected("What is 12% of 50?")).contains(Rational.of(6));
        assertThat(AnswerChecks.expected("Solve for x: 10(x + 8) = 160. What is x?")).contains(Rational.of(8));
        assertThat(AnswerChecks.expected("What is 3/4 written as a decimal?").map(Rational::toString)).contains("3/4");
        assertThat(AnswerChecks.expected("What is 1/4 as a percent?")).contains(Rational.of(25));
        assertThat(AnswerChecks.expected("Which is larger, 2/3 or 3/4?")).isEmpty();
        assertThat(AnswerChecks.expected("What is the area of a 3 by 4 rectangle?")).isEqualTo(Optional.empty());
    }

    @Test
    void whatTheReviewFoundStaysFixed() {
        // quadratics are not solved as the linear run after the square
        assertThat(AnswerChecks.expected("Solve by factoring: x² + x - 6 = 0. What is the larger solution?")).isEmpty();
        // a coefficient right before the unknown is read
        assertThat(AnswerChecks.expected("Solve for x: 2x + 3 = 11. What is x?")).contains(Rational.of(4));
        assertThat(AnswerChecks.expected("Solve for x: 3x = 12")).contains(Rational.of(4));
        // two unknowns are not one
        assertThat(AnswerChecks.expected("Solve for x: 2x + y = 11")).isEmpty();
        // "N% of M" only when it is all that is asked
        assertThat(AnswerChecks.expected("Sam saves 20% of $50 each week. How much does he save in 4 weeks?")).isEmpty();
        assertThat(AnswerChecks.expected("Which is greater: 20% of 50 or 15% of 60?")).isEmpty();
        // a power tower is refused, not computed
        assertThat(value("(((3^64)^64)^64)^64")).isEqualTo("unreadable");
        // chemistry's numbers and other subjects' graphs and systems are not these skills
        assertThat(AnswerChecks.named("Balance chemical equations")).isEmpty();
        assertThat(AnswerChecks.named("Read bar graphs")).doesNotContain(AnswerChecks.Skill.SLOPE);
        assertThat(AnswerChecks.named("Use the base-ten number system")).doesNotContain(AnswerChecks.Skill.SYSTEM);
        assertThat(AnswerChecks.named("Solve systems of two linear equations")).contains(AnswerChecks.Skill.SYSTEM);
        assertThat(Languages.guess("Resolver ecuaciones de primer grado en la recta")).isNotEqualTo("French");
    }
}
