package org.toolboxai.coordinator.resource.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PriceTableTest {

    @Test
    void aModelsPriceComesFromItsOwnKeysThenTheProvidersDefaultThenTheGlobalOne() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("price.openai.gpt-4o-mini.input", "0.15");
        config.put("price.openai.gpt-4o-mini.output", "0.60");
        config.put("price.openai.*.input", "2.50");
        config.put("price.openai.*.output", "10");
        config.put("price.*.*.input", "1");
        config.put("price.*.*.output", "1");
        List<String> problems = new ArrayList<>();
        PriceTable prices = PriceTable.of(config, problems);
        assertThat(problems).isEmpty();
        // 1,000,000 input tokens at $0.15 and 200,000 output tokens at $0.60 per million: $0.15 + $0.12
        assertThat(prices.price("openai", "gpt-4o-mini").cost(1_000_000, 200_000)).isEqualTo(270_000);
        assertThat(prices.price("openai", "gpt-4o").cost(1_000_000, 1_000_000)).isEqualTo(12_500_000);
        assertThat(prices.price("anthropic", "claude").cost(1_000_000, 0)).isEqualTo(1_000_000);
    }

    @Test
    void costsRoundUpToAWholeMicroDollarAndAnUnpricedModelIsFree() {
        PriceTable prices = PriceTable.of(Map.of("price.openai.gpt-4o-mini.input", "0.15", "price.openai.gpt-4o-mini.output", "0.60"),
                new ArrayList<>());
        // one token at $0.15 per million is 0.15 micro-dollars: rounded up to 1
        assertThat(prices.price("openai", "gpt-4o-mini").cost(1, 0)).isEqualTo(1);
        assertThat(prices.price("offline", "lesson-v1").cost(5_000, 5_000)).isZero();
    }

    @Test
    void everyBadKeyIsListedAndLeftOut() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("price.openai.gpt-4o.input", "cheap");
        config.put("price.openai.gpt-4o.output", "1");
        config.put("price.openai.input", "1");
        config.put("price.openai.o1.input", "-1");
        config.put("price.openai.o3.input", "1");
        config.put("unrelated", "x");
        List<String> problems = new ArrayList<>();
        PriceTable prices = PriceTable.of(config, problems);
        // the bad input leaves gpt-4o with an output price only, which is reported too
        assertThat(problems).hasSize(5).contains("price.openai.gpt-4o: needs both .input and .output").anySatisfy(p -> assertThat(p).startsWith("price.openai.gpt-4o.input").contains("cheap"))
                .anySatisfy(p -> assertThat(p).startsWith("price.openai.input"))
                .anySatisfy(p -> assertThat(p).contains("negative"))
                .anySatisfy(p -> assertThat(p).isEqualTo("price.openai.o3: needs both .input and .output"));
        assertThat(prices.price("openai", "gpt-4o").cost(1_000_000, 1_000_000)).isZero();
    }
}
