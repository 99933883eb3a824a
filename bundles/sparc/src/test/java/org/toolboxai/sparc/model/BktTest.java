package org.toolboxai.sparc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BktTest {

    @Test
    void oneStepPredictionsMatchTheReferenceSequence() {
        Bkt.Params p = new Bkt.Params(0.1, 0.3, 0.1, 0.03, 0);
        boolean[] answers = {true, true, false, true, true, true};
        double[] expected = {0.187, 0.676898, 0.93969, 0.653378, 0.936079, 0.967463};
        double known = p.prior();
        for (int i = 0; i < answers.length; i++) {
            assertThat(Bkt.predict(known, p)).as("before answer %d", i + 1).isCloseTo(expected[i], within(1e-6));
            known = Bkt.update(known, answers[i], p);
        }
    }

    @Test
    void emRecoversTheParametersOfFiveHundredSimulatedStudentsWithinThreeHundredths() {
        Bkt.Params truth = new Bkt.Params(0.25, 0.12, 0.22, 0.08, 0);
        Random random = new Random(2026);
        List<boolean[]> sequences = new ArrayList<>();
        for (int s = 0; s < 500; s++) {
            boolean known = random.nextDouble() < truth.prior();
            boolean[] answers = new boolean[100];
            for (int t = 0; t < 100; t++) {
                answers[t] = known ? random.nextDouble() >= truth.slip() : random.nextDouble() < truth.guess();
                if (!known && random.nextDouble() < truth.learn()) {
                    known = true;
                }
            }
            sequences.add(answers);
        }
        Bkt.Params fitted = Bkt.fit(sequences, Bkt.DEFAULTS, false, 500);
        System.out.println("BKT recovery (500 students x 100 answers): true " + truth + ", fitted " + fitted);
        assertThat(fitted.prior()).isCloseTo(truth.prior(), within(0.03));
        assertThat(fitted.learn()).isCloseTo(truth.learn(), within(0.03));
        assertThat(fitted.guess()).isCloseTo(truth.guess(), within(0.03));
        assertThat(fitted.slip()).isCloseTo(truth.slip(), within(0.03));
    }

    @Test
    void parametersThatMakeAnAnswerImpossibleAreRefusedAndUnidentifiedOnesKeepTheirValue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Bkt.Params(0, 0.1, 0, 0.1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Bkt.Params(0.1, 0.1, 0.6, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class);
        // one answer per student: no transitions, so nothing says how fast students learn
        List<boolean[]> single = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            single.add(new boolean[] {i % 3 == 0});
        }
        assertThat(Bkt.fit(single, Bkt.DEFAULTS, false, 50).learn()).isEqualTo(Bkt.DEFAULTS.learn());
    }
}
