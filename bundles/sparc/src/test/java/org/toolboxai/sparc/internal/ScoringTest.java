package org.toolboxai.sparc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** How responses are compared with keys, and what a student cannot make the server do. */
class ScoringTest {

    @Test
    void numbersAndFractionsCompareByValueAndTextWithoutCaseOrFinalStop() {
        assertThat(Scoring.same("0.5", "1/2")).isTrue();
        assertThat(Scoring.same(".5", "0.50")).isTrue();
        assertThat(Scoring.same("3/4", "6/8")).isTrue();
        assertThat(Scoring.same("1,000", "1000")).isTrue();
        assertThat(Scoring.same("1,5", "15")).as("a decimal comma is not a thousands separator").isFalse();
        assertThat(Scoring.same("Photosynthesis.", "  photosynthesis ")).isTrue();
        assertThat(Scoring.same("2.", "2")).isTrue();
        assertThat(Scoring.same("1/0", "1/0")).as("the same text").isTrue();
        assertThat(Scoring.number("1/0")).isEmpty();
    }

    @Test
    void exponentsAndHugeNumbersAreTextNotWork() {
        // BigDecimal would throw on the first and spend many seconds on the second
        long started = System.nanoTime();
        assertThat(Scoring.number("1e999999999")).isEmpty();
        assertThat(Scoring.number("1e9999999")).isEmpty();
        assertThat(Scoring.same("1e9999999", "10")).isFalse();
        assertThat(Scoring.number("1".repeat(31))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aQuestionAStudentCouldNotAnswerIsNotAnItem() {
        assertThat(AssemblyStep.unusable("multiple_choice", List.of("1", "2"), List.of("2"), "1 + 1?")).isNull();
        assertThat(AssemblyStep.unusable("multiple_choice", List.of("2"), List.of("2"), "1 + 1?")).contains("two options");
        assertThat(AssemblyStep.unusable("multiple_choice", List.of("1", "3"), List.of("2"), "1 + 1?")).contains("not one of the options");
        assertThat(AssemblyStep.unusable("true_false", List.of("true", "false"), List.of("maybe"), "Is it?")).contains("neither");
        assertThat(AssemblyStep.unusable("short_answer", List.of(), List.of(), "Why?")).contains("no prompt or no key");
        assertThat(AssemblyStep.unusable("short_answer", List.of(), List.of("because"), "Why?")).isNull();
    }
}
