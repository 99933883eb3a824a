package org.toolboxai.sparc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** FSRS-6 against values worked out by hand from its published formulas and default parameters. */
class FsrsTest {

    final Fsrs fsrs = Fsrs.standard();

    @Test
    void aFirstReviewSetsStabilityAndDifficultyFromTheRating() {
        Fsrs.Memory good = fsrs.first(3);
        assertThat(good.stability()).isEqualTo(2.3065);
        // D0(3) = w4 - e^(2 w5) + 1 = 6.4133 - e^1.6668 + 1
        assertThat(good.difficulty()).isCloseTo(6.4133 - Math.exp(1.6668) + 1, within(1e-12));
        assertThat(fsrs.first(4).difficulty()).isEqualTo(1.0); // 6.4133 - e^2.5002 + 1 < 1: clamped
        // at retention 0.9 the interval is the stability, in whole days
        assertThat(fsrs.intervalDays(good)).isEqualTo(2);
        assertThat(fsrs.intervalDays(new Fsrs.Memory(10.4, 5))).isEqualTo(10);
    }

    @Test
    void recallFallsToNinetyPercentAtTheStability() {
        Fsrs.Memory m = new Fsrs.Memory(7, 5);
        assertThat(fsrs.retrievability(m, 0)).isEqualTo(1.0);
        assertThat(fsrs.retrievability(m, 7)).isCloseTo(0.9, within(1e-12));
        assertThat(fsrs.retrievability(m, 30)).isLessThan(0.9).isGreaterThan(0.5);
    }

    @Test
    void aSuccessfulReviewOnTimeGrowsStabilityAndALapseShrinksIt() {
        Fsrs.Memory m = new Fsrs.Memory(10, 5);
        // on time (R = 0.9), Good: S' = S (1 + e^w8 (11 - D) S^-w9 (e^(0.1 w10) - 1))
        double expected = 10 * (1 + Math.exp(1.8722) * 6 * Math.pow(10, -0.1666) * (Math.exp(0.1 * 0.796) - 1));
        Fsrs.Memory good = fsrs.review(m, 3, 10);
        assertThat(good.stability()).isCloseTo(expected, within(1e-9));
        // the difficulty after Good only reverts towards D0(4), by w7
        double easyInitial = 6.4133 - Math.exp(0.8334 * 3) + 1; // D0(4), unclamped in the mean reversion
        assertThat(good.difficulty()).isCloseTo(0.001 * easyInitial + 0.999 * 5, within(1e-9));
        Fsrs.Memory again = fsrs.review(m, 1, 10);
        assertThat(again.stability()).isLessThan(m.stability());
        assertThat(again.difficulty()).isGreaterThan(m.difficulty());
        Fsrs.Memory easy = fsrs.review(m, 4, 10);
        assertThat(easy.stability()).isGreaterThan(good.stability());
        assertThat(fsrs.intervalDays(easy)).isGreaterThan(fsrs.intervalDays(good));
    }

    @Test
    void aReviewCountsWholeDaysAsTheReferenceDoes() {
        Fsrs.Memory first = fsrs.first(3);
        assertThat(fsrs.review(first, 3, 1.9)).isEqualTo(fsrs.review(first, 3, 1));
        assertThat(fsrs.review(first, 3, 2.0)).isNotEqualTo(fsrs.review(first, 3, 1));
    }
}
