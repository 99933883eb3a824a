package org.toolboxai.sparc.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The seeded simulation: adaptive tests measure as published simulations of this design do, and honestly report their error. */
class CatSimulationTest {

    @Test
    void maximumInformationReachesAboutPointThreeRmseAtTwentyItemsWithAnHonestStandardError() {
        List<CatSimulation.Row> rows = CatSimulation.run(2026, 2000);
        System.out.println("CAT simulation (300-item 2PL bank, 2,000 students, EAP, randomesque 5, 5 objectives):\n"
                + CatSimulation.table(rows));
        CatSimulation.Row adaptive20 = row(rows, "max information, 20 items");
        CatSimulation.Row random20 = row(rows, "random, 20 items");
        assertThat(adaptive20.rmse()).isBetween(0.22, 0.34);
        assertThat(adaptive20.rmse()).isLessThan(random20.rmse());
        // the reported SE matches the real error within 15%
        assertThat(adaptive20.meanSe()).isBetween(adaptive20.rmse() * 0.85, adaptive20.rmse() * 1.15);
        // longer tests measure better
        assertThat(row(rows, "max information, 30 items").rmse()).isLessThan(row(rows, "max information, 10 items").rmse());
        // exposure control: no item in more than half of the tests
        assertThat(adaptive20.maxExposure()).isLessThan(0.5);
        CatSimulation.Row variable = row(rows, "max information, until SE <= 0.3 (5-40 items)");
        assertThat(variable.meanSe()).isLessThanOrEqualTo(0.31);
        assertThat(variable.meanLength()).isLessThan(40);
    }

    static CatSimulation.Row row(List<CatSimulation.Row> rows, String design) {
        return rows.stream().filter(r -> r.design().equals(design)).findFirst().orElseThrow();
    }
}
