package org.toolboxai.sparc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class IrtTest {

    @Test
    void probabilityAndInformationMatchTheReferenceValues() {
        Irt.Item twoPl = Irt.Item.twoPl(1.2, 0);
        assertThat(Irt.p(0.5, twoPl)).isCloseTo(0.6456563062, within(1e-9));
        assertThat(Irt.information(0.5, twoPl)).isCloseTo(0.3294493063, within(1e-9));
        Irt.Item threePl = new Irt.Item(1.7, 0.3, 0.25);
        assertThat(Irt.p(1, threePl)).isCloseTo(0.8250557982, within(1e-9));
        assertThat(Irt.information(1, threePl)).isCloseTo(0.3602562483, within(1e-9));
        // independent of the closed form: the information is the variance of the score, checked numerically
        double theta = 1;
        double p = Irt.p(theta, threePl);
        double h = 1e-6;
        double right = (Math.log(Irt.p(theta + h, threePl)) - Math.log(Irt.p(theta - h, threePl))) / (2 * h);
        double wrong = (Math.log(1 - Irt.p(theta + h, threePl)) - Math.log(1 - Irt.p(theta - h, threePl))) / (2 * h);
        assertThat(p * right * right + (1 - p) * wrong * wrong).isCloseTo(Irt.information(theta, threePl), within(1e-6));
    }

    @Test
    void estimatesRecoverAStudentsAbilityFromManyItems() {
        Random random = new Random(7);
        double trueTheta = 0.8;
        List<Irt.Response> responses = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Irt.Item item = Irt.Item.twoPl(0.8 + random.nextDouble(), -2 + 4 * random.nextDouble());
            responses.add(new Irt.Response(item, random.nextDouble() < Irt.p(trueTheta, item)));
        }
        Irt.Estimate eap = Irt.eap(responses, 0, 1);
        Irt.Estimate map = Irt.map(responses, 0, 1);
        Irt.Estimate mle = Irt.mle(responses);
        for (Irt.Estimate e : List.of(eap, map, mle)) {
            assertThat(e.theta()).isCloseTo(trueTheta, within(3 * e.se()));
            assertThat(e.se()).isBetween(0.05, 0.15);
        }
        assertThat(mle.fallback()).isFalse();
        // EAP and MAP agree closely when the posterior is nearly normal
        assertThat(eap.theta()).isCloseTo(map.theta(), within(0.02));
    }

    @Test
    void anAllCorrectPatternHasNoMaximumLikelihoodAndFallsBackToMap() {
        List<Irt.Response> allRight = List.of(new Irt.Response(Irt.Item.twoPl(1, 0), true),
                new Irt.Response(Irt.Item.twoPl(1, 1), true));
        Irt.Estimate mle = Irt.mle(allRight);
        assertThat(mle.fallback()).isTrue();
        assertThat(mle.theta()).isEqualTo(Irt.map(allRight, 0, 1).theta());
        assertThat(mle.theta()).isPositive().isLessThan(3);
        // no answers: EAP is the prior
        Irt.Estimate prior = Irt.eap(List.of(), 0, 1);
        assertThat(prior.theta()).isCloseTo(0, within(1e-9));
        assertThat(prior.se()).isCloseTo(1, within(0.01));
    }

    @Test
    void threePlMaximumLikelihoodFindsTheInteriorMaximumOrSaysThereIsNone() {
        // a pattern on which undamped Newton steps swing between the ends of the scale
        List<Irt.Response> swinging = List.of(new Irt.Response(new Irt.Item(1.00, -2.91, 0.18), true),
                new Irt.Response(new Irt.Item(1.15, 1.61, 0.15), true), new Irt.Response(new Irt.Item(1.53, 2.20, 0.09), false),
                new Irt.Response(new Irt.Item(1.45, 1.94, 0.07), true));
        Irt.Estimate found = Irt.mle(swinging);
        assertThat(found.fallback()).isFalse();
        assertThat(found.theta()).isCloseTo(2.26, within(0.05));
        for (double t = -6; t <= 6; t += 0.01) {
            assertThat(Irt.logLikelihood(t, swinging)).isLessThanOrEqualTo(Irt.logLikelihood(found.theta(), swinging) + 1e-9);
        }
        // right and wrong answers, yet the likelihood keeps rising towards -infinity (guessing): no MLE
        List<Irt.Response> none = List.of(new Irt.Response(new Irt.Item(1.5, 2, 0.25), true),
                new Irt.Response(new Irt.Item(1.5, -1, 0.25), false), new Irt.Response(new Irt.Item(1.5, 0, 0.25), false));
        assertThat(Irt.mle(none).fallback()).isTrue();
    }

    @Test
    void theEapGridFollowsThePrior() {
        Irt.Estimate prior = Irt.eap(List.of(), 3, 1);
        assertThat(prior.theta()).isCloseTo(3, within(1e-6));
        assertThat(prior.se()).isCloseTo(1, within(0.01));
    }
}
