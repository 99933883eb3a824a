package org.toolboxai.coordinator.resource.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What model calls cost, from configuration: dollars per million input and output tokens, per
 * provider and model ({@code price.openai.gpt-4o-mini.input = 0.15},
 * {@code price.openai.gpt-4o-mini.output = 0.60}), with {@code *} as a provider's or every
 * provider's default model ({@code price.openai.*.input}, {@code price.*.*.input}). A model with
 * no price costs nothing (the offline provider), unless a default applies. Costs are rounded up
 * to whole micro-dollars, so a budget is never passed by rounding.
 */
final class PriceTable {

    /** Dollars per million tokens, as micro-dollars per million tokens. */
    record Price(long inputMicrosPerMillion, long outputMicrosPerMillion) {
        static final Price FREE = new Price(0, 0);

        /** The cost of a call, rounded up to a whole micro-dollar. */
        long cost(long inputTokens, long outputTokens) {
            return ceilDiv(Math.multiplyExact(inputTokens, inputMicrosPerMillion), 1_000_000)
                    + ceilDiv(Math.multiplyExact(outputTokens, outputMicrosPerMillion), 1_000_000);
        }

        private static long ceilDiv(long a, long b) {
            return -Math.floorDiv(-a, b);
        }
    }

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = prices;
    }

    /**
     * The prices of a configuration; every key that is not a valid price is listed in
     * {@code problems} (key and why), and left out.
     */
    static PriceTable of(Map<String, ?> config, List<String> problems) {
        Map<String, long[]> parts = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("price.")) {
                continue;
            }
            int last = key.lastIndexOf('.');
            int first = key.indexOf('.', "price.".length());
            String side = key.substring(last + 1);
            if (first < 0 || first >= last || !(side.equals("input") || side.equals("output"))) {
                problems.add(key + ": not price.<provider>.<model>.input or .output");
                continue;
            }
            long micros;
            try {
                micros = Money.micros(String.valueOf(e.getValue()));
            } catch (NumberFormatException | ArithmeticException ex) {
                problems.add(key + ": '" + e.getValue() + "' is not an amount in dollars per million tokens");
                continue;
            }
            if (micros < 0) {
                problems.add(key + ": a price may not be negative");
                continue;
            }
            long[] price = parts.computeIfAbsent(key.substring("price.".length(), last), k -> new long[] {-1, -1});
            price[side.equals("input") ? 0 : 1] = micros;
        }
        Map<String, Price> prices = new LinkedHashMap<>();
        List<String> incomplete = new ArrayList<>();
        parts.forEach((model, p) -> {
            if (p[0] < 0 || p[1] < 0) {
                incomplete.add("price." + model + ": needs both .input and .output");
            } else {
                prices.put(model, new Price(p[0], p[1]));
            }
        });
        problems.addAll(incomplete);
        return new PriceTable(prices);
    }

    /** Whether a provider's model has a price of its own (not a default). */
    boolean has(String provider, String model) {
        return prices.containsKey(provider + "." + model);
    }

    /** The price of a provider's model: its own, the provider's default, the global default, or free. */
    Price price(String provider, String model) {
        Price price = prices.get(provider + "." + model);
        if (price == null) {
            price = prices.get(provider + ".*");
        }
        if (price == null) {
            price = prices.get("*.*");
        }
        return price == null ? Price.FREE : price;
    }
}
