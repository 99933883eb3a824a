package org.toolboxai.coordinator.resource.command;

import java.math.BigDecimal;

/** Dollars as people write them: $2.50, $25.00, $0.000125 (never fewer than two decimals, never rounded). */
final class Dollars {

    private Dollars() {
    }

    static String text(BigDecimal usd) {
        if (usd == null) {
            return "-";
        }
        BigDecimal plain = usd.stripTrailingZeros();
        return "$" + plain.setScale(Math.max(2, plain.scale())).toPlainString();
    }
}
