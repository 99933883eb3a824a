package org.toolboxai.sparc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class EloTest {

    @Test
    void aSurpriseMovesAbilityUpAndDifficultyDownByTheUncertaintyStep() {
        Elo.Updated u = Elo.update(0, 0, true, 0, 0, 0, Elo.DEFAULTS);
        assertThat(u.theta()).isCloseTo(0.5, within(1e-12));
        assertThat(u.difficulty()).isCloseTo(-0.5, within(1e-12));
        // a guessing floor: a right answer on a 4-option item surprises less
        Elo.Updated mc = Elo.update(0, 0, true, 0.25, 0, 0, Elo.DEFAULTS);
        assertThat(mc.theta()).isCloseTo(1 - 0.625, within(1e-12));
        assertThat(Elo.k(20, Elo.DEFAULTS)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void difficultiesCorrelateWithTheTruthAtAboutFiftyAnswersPerItem() {
        Random random = new Random(11);
        int items = 200;
        // 250 students answering a practice set of 40: 10,000 answers, about 50 per item
        int students = 250;
        int perStudent = 40;
        double[] trueB = new double[items];
        for (int i = 0; i < items; i++) {
            trueB[i] = random.nextGaussian();
        }
        double[] b = new double[items];
        int[] itemN = new int[items];
        for (int s = 0; s < students; s++) {
            double trueTheta = random.nextGaussian();
            double theta = 0;
            for (int k = 0; k < perStudent; k++) {
                int i = random.nextInt(items);
                boolean correct = random.nextDouble() < 1 / (1 + Math.exp(-(trueTheta - trueB[i])));
                Elo.Updated u = Elo.update(theta, b[i], correct, 0, k, itemN[i], Elo.DEFAULTS);
                theta = u.theta();
                b[i] = u.difficulty();
                itemN[i]++;
            }
        }
        double r = CatSimulation.pearson(trueB, b);
        System.out.println("Elo: " + (students * perStudent / items) + " answers per item on average, correlation with the true difficulties "
                + r);
        assertThat(r).isGreaterThanOrEqualTo(0.92);
    }
}
