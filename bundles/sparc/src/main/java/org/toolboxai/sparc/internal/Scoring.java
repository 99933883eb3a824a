package org.toolboxai.sparc.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a response matches an item's key: text compared without case, outer spaces or a final
 * full stop; numbers and fractions by value ("0.5" = "1/2" = ".5"); matching and ordering as lists,
 * in order.
 */
final class Scoring {

    private Scoring() {
    }

    /** The response as a list of strings: a string is a list of one; empty for anything else. */
    static Optional<List<String>> values(Object response) {
        if (response instanceof String s) {
            return Optional.of(List.of(s));
        }
        if (response instanceof Number n) {
            return Optional.of(List.of(n.toString()));
        }
        if (response instanceof Boolean b) {
            return Optional.of(List.of(b.toString()));
        }
        if (response instanceof List<?> list && !list.isEmpty() && list.size() <= 50) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String || o instanceof Number)) {
                    return Optional.empty();
                }
                out.add(o.toString());
            }
            return Optional.of(out);
        }
        return Optional.empty();
    }

    /** Whether the response is one of the options, for the types whose answer must be one. */
    static boolean isOption(List<String> response, Item item) {
        if (!item.type().equals("multiple_choice") && !item.type().equals("true_false")) {
            return true;
        }
        if (response.size() != 1) {
            return false;
        }
        List<String> options = item.type().equals("true_false") && item.options().isEmpty() ? List.of("true", "false") : item.options();
        return options.stream().anyMatch(o -> same(o, response.get(0)));
    }

    static boolean correct(List<String> response, Item item) {
        List<String> key = item.answer();
        if (item.type().equals("matching") || item.type().equals("ordering")) {
            if (response.size() != key.size()) {
                return false;
            }
            for (int i = 0; i < key.size(); i++) {
                if (!same(key.get(i), response.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return response.size() == 1 && key.stream().anyMatch(k -> same(k, response.get(0)));
    }

    static boolean same(String a, String b) {
        String x = normal(a);
        String y = normal(b);
        if (x.equals(y)) {
            return true;
        }
        Optional<BigDecimal> p = number(x);
        Optional<BigDecimal> q = number(y);
        return p.isPresent() && q.isPresent() && p.get().compareTo(q.get()) == 0;
    }

    private static String normal(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return t.endsWith(".") && !t.matches(".*\\d\\.$") ? t.substring(0, t.length() - 1).trim() : t;
    }

    /** A plain decimal: no exponent, at most 30 digits on either side of the point (so comparing it is cheap). */
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[+-]?\\d{1,30}(\\.\\d{0,30})?|[+-]?\\.\\d{1,30}");
    /** Thousands separated by commas: 1,000 or 12,345.5 (a lone comma, as in 1,5, is not one). */
    private static final java.util.regex.Pattern THOUSANDS = java.util.regex.Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d{1,30})?");

    /** A decimal or a fraction {@code p/q}, exactly (to 12 places); empty for other text, exponents included. */
    static Optional<BigDecimal> number(String s) {
        int slash = s.indexOf('/');
        if (slash > 0) {
            Optional<BigDecimal> p = decimal(s.substring(0, slash).trim());
            Optional<BigDecimal> q = decimal(s.substring(slash + 1).trim());
            return p.isEmpty() || q.isEmpty() || q.get().signum() == 0 ? Optional.empty()
                    : Optional.of(p.get().divide(q.get(), 12, java.math.RoundingMode.HALF_EVEN));
        }
        return decimal(s).map(d -> d.setScale(12, java.math.RoundingMode.HALF_EVEN));
    }

    private static Optional<BigDecimal> decimal(String s) {
        String plain = THOUSANDS.matcher(s).matches() ? s.replace(",", "") : s;
        return DECIMAL.matcher(plain).matches() ? Optional.of(new BigDecimal(plain)) : Optional.empty();
    }
}
