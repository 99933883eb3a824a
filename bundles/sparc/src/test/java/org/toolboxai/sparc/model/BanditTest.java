package org.toolboxai.sparc.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BanditTest {

    @Test
    void thompsonSamplingSettlesOnTheBestActionOfEachContext() {
        Bandit bandit = new Bandit(List.of("a", "b", "c"), 0.3);
        Random random = new Random(5);
        int pickedB = 0;
        for (int i = 0; i < 2000; i++) {
            String action = bandit.choose("ctx", random);
            double mean = action.equals("b") ? 0.5 : action.equals("a") ? 0.2 : 0.0;
            bandit.reward("ctx", action, mean + 0.3 * random.nextGaussian());
            if (i >= 1000 && action.equals("b")) {
                pickedB++;
            }
        }
        assertThat(pickedB).as("the best action in the second thousand").isGreaterThan(950);
        assertThat(bandit.arm("ctx", "b").mean()).isBetween(0.45, 0.55);
        assertThat(bandit.arm("other", "b").count()).as("contexts are separate").isZero();
    }

    @Test
    void theBanditBeatsEveryFixedPolicyOnSimulatedStudentsMasteryGain() {
        StringBuilder report = new StringBuilder("Policy simulation (2,000 students x 12 steps), mean true mastery at the end:\n");
        for (String fixed : PolicySimulation.ACTIONS) {
            PolicySimulation.Result r = PolicySimulation.run(42, 2000, 12, fixed);
            report.append(String.format(java.util.Locale.ROOT, "  bandit %.3f vs always %s %.3f%n", r.bandit(), fixed, r.fixed()));
            assertThat(r.bandit()).as("bandit against always " + fixed).isGreaterThan(r.fixed());
        }
        System.out.println(report);
    }
}
