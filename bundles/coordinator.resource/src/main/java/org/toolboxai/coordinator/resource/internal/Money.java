package org.toolboxai.coordinator.resource.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Micro-dollars: what budgets and the ledger count in, so sums are exact. */
final class Money {

    private Money() {
    }

    /** {@code $1.234567} for 1,234,567 micro-dollars; "no limit" for a negative amount. */
    static String format(long micros) {
        if (micros < 0) {
            return "no limit";
        }
        return "$" + BigDecimal.valueOf(micros, 6).setScale(micros % 10_000 == 0 ? 2 : 6, RoundingMode.UNNECESSARY).toPlainString();
    }

    /** Dollars, exact: {@code 12.5} for 12,500,000 micro-dollars. */
    static BigDecimal dollars(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    }

    /** The micro-dollars of a dollar amount such as {@code "12.50"}, rounded up to a whole micro-dollar. */
    static long micros(String dollars) {
        return new BigDecimal(dollars.strip()).movePointRight(6).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
