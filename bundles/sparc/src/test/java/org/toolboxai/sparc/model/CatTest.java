package org.toolboxai.sparc.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The item selection's content balancing and the classification stop against a cut score. */
class CatTest {

    static final Cat.StopRule CLASSIFY = new Cat.StopRule(5, 40, 0.2, 0.0);

    @Test
    void aTestClassifiesOnlyOnceTheNinetyFivePercentIntervalLiesOnOneSideOfTheCut() {
        assertThat(Cat.stop(CLASSIFY, 5, new Irt.Estimate(1.0, 0.3, false), true)).isEqualTo(Cat.Stop.CLASSIFIED_ABOVE); // 0.41 > 0
        assertThat(Cat.stop(CLASSIFY, 5, new Irt.Estimate(-1.0, 0.3, false), true)).isEqualTo(Cat.Stop.CLASSIFIED_BELOW);
        assertThat(Cat.stop(CLASSIFY, 5, new Irt.Estimate(0.5, 0.3, false), true)).as("0.5 - 1.96 x 0.3 < 0: undecided").isNull();
        assertThat(Cat.stop(CLASSIFY, 4, new Irt.Estimate(3.0, 0.3, false), true)).as("not before the minimum length").isNull();
        assertThat(Cat.stop(CLASSIFY, 40, new Irt.Estimate(0.5, 0.3, false), true)).isEqualTo(Cat.Stop.MAX_LENGTH);
        assertThat(Cat.stop(CLASSIFY, 12, new Irt.Estimate(0.5, 0.3, false), false)).isEqualTo(Cat.Stop.BANK_EXHAUSTED);
    }

    @Test
    void simulatedStudentsAreClassifiedAgainstTheCutMostlyRightAndFarFromItSooner() {
        Random random = new Random(7);
        List<Cat.BankItem> bank = CatSimulation.bank(random);
        int decided = 0;
        int right = 0;
        int farLength = 0;
        int far = 0;
        int nearLength = 0;
        int near = 0;
        for (int s = 0; s < 400; s++) {
            double theta = random.nextGaussian();
            Set<String> given = new HashSet<>();
            Map<String, Integer> perObjective = new HashMap<>();
            List<Irt.Response> responses = new ArrayList<>();
            Irt.Estimate e = Irt.eap(responses, 0, 1);
            Cat.Stop stop;
            while ((stop = Cat.stop(CLASSIFY, responses.size(), e, given.size() < bank.size())) == null) {
                Cat.BankItem item = Cat.next(bank, given, perObjective, e.theta(), 5, random);
                given.add(item.id());
                perObjective.merge(String.valueOf(item.objective()), 1, Integer::sum);
                responses.add(new Irt.Response(item.item(), random.nextDouble() < Irt.p(theta, item.item())));
                e = Irt.eap(responses, 0, 1);
            }
            if (stop == Cat.Stop.CLASSIFIED_ABOVE || stop == Cat.Stop.CLASSIFIED_BELOW) {
                decided++;
                if ((stop == Cat.Stop.CLASSIFIED_ABOVE) == (theta > 0)) {
                    right++;
                }
            }
            if (Math.abs(theta) > 1.5) {
                far++;
                farLength += responses.size();
            } else if (Math.abs(theta) < 0.3) {
                near++;
                nearLength += responses.size();
            }
        }
        System.out.printf("classification at cut 0: %d of 400 decided, %.3f of them right; mean length %.1f items far from the cut"
                + " (|θ| > 1.5), %.1f near it (|θ| < 0.3)%n", decided, right / (double) decided, farLength / (double) far,
                nearLength / (double) near);
        assertThat(decided).isGreaterThan(300);
        assertThat(right / (double) decided).as("a 95% interval is wrong rarely").isGreaterThan(0.93);
        assertThat(farLength / (double) far).as("a student far from the cut is classified sooner")
                .isLessThan(nearLength / (double) near / 2);
    }

    @Test
    void eachObjectiveGetsItsShareOfTheTestWhateverTheItemsInformation() {
        // objective "hard" holds the most informative items at θ = 0; balancing still spreads the test evenly
        List<Cat.BankItem> bank = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bank.add(new Cat.BankItem("sharp" + i, Irt.Item.twoPl(2.5, 0.0), "sharp"));
            bank.add(new Cat.BankItem("flat" + i, Irt.Item.twoPl(0.4, 2.0), "flat"));
            bank.add(new Cat.BankItem("mid" + i, Irt.Item.twoPl(1.0, 1.0), "mid"));
        }
        Random random = new Random(1);
        Set<String> given = new HashSet<>();
        Map<String, Integer> perObjective = new HashMap<>();
        for (int n = 0; n < 12; n++) {
            Cat.BankItem item = Cat.next(bank, given, perObjective, 0.0, 5, random);
            given.add(item.id());
            perObjective.merge(item.objective(), 1, Integer::sum);
            int most = perObjective.values().stream().max(Integer::compare).orElseThrow();
            int least = List.of("sharp", "flat", "mid").stream().mapToInt(o -> perObjective.getOrDefault(o, 0)).min().orElseThrow();
            assertThat(most - least).as("after %d items: %s", n + 1, perObjective).isLessThanOrEqualTo(1);
        }
        assertThat(perObjective).containsOnly(Map.entry("sharp", 4), Map.entry("flat", 4), Map.entry("mid", 4));

        // without balancing (one objective) the sharp items would be all of the first five
        List<Cat.BankItem> unbalanced = bank.stream().map(b -> new Cat.BankItem(b.id(), b.item(), "one")).toList();
        Set<String> first = new HashSet<>();
        for (int n = 0; n < 5; n++) {
            first.add(Cat.next(unbalanced, first, Map.of(), 0.0, 5, random).id());
        }
        assertThat(first).allMatch(id -> id.startsWith("sharp"));
    }
}
