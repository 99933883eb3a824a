package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.Difficulty;

/** The difficulty bands as the generators read them: easiest first, harder with every level. */
class QuizLevelsAgentTest {

    /** The grade shift the offline generator makes of a difficulty and a rank (its Brief.level). */
    private static int gradeShift(QuizLevelsAgent.Shift s) {
        int shift = s.difficulty() == Difficulty.EASY ? -1 : s.difficulty() == Difficulty.HARD ? 2 : 0;
        return shift + (s.rank() > 1 ? Math.min(3, s.rank() - 1) : 0);
    }

    @Test
    void everyLevelIsAtLeastAsHardAsTheOneBeforeFromEasyToTheHardest() {
        for (int levels = 2; levels <= 7; levels++) {
            int previous = Integer.MIN_VALUE;
            for (int level = 1; level <= levels; level++) {
                int shift = gradeShift(QuizLevelsAgent.shift(level, levels));
                assertThat(shift).as(level + " of " + levels).isGreaterThan(previous);
                previous = shift;
            }
            assertThat(QuizLevelsAgent.shift(1, levels).difficulty()).isEqualTo(Difficulty.EASY);
            assertThat(gradeShift(QuizLevelsAgent.shift(levels, levels))).isEqualTo(5);
        }
    }
}
