package org.toolboxai.swarm.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.toolboxai.api.content.Quiz;

/**
 * Whether a solver's answer is the key's, as a teacher would judge it: case, spacing and a final
 * full stop do not matter; {@code 0.5}, {@code 1/2} and {@code 50%} of a number are the same number
 * written differently ({@code 1/2} and {@code 0.5} agree; a percentage is compared as its number);
 * a multiple-choice answer may name its option by letter; matching pairs may come in any order.
 */
final class Answers {

    private Answers() {
    }

    static boolean agree(Quiz.Question question, List<String> answer, List<String> key) {
        if (answer == null || key == null || answer.isEmpty() || key.isEmpty()) {
            return false;
        }
        List<String> a = new ArrayList<>(answer);
        if ("multiple_choice".equals(question.type()) && a.size() == 1 && question.options() != null) {
            a = List.of(byLetter(a.get(0), question.options()));
        }
        if ("matching".equals(question.type())) {
            return new HashSet<>(a.stream().map(Answers::pair).toList()).equals(new HashSet<>(key.stream().map(Answers::pair).toList()));
        }
        if (a.size() != key.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), key.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** "B" or "B)" or "(b)" for the second option's text; anything else as it is. */
    static String byLetter(String answer, List<String> options) {
        String t = answer.trim().replaceAll("^[(]|[).:]$", "").trim();
        if (t.length() == 1 && Character.isLetter(t.charAt(0))) {
            int index = Character.toLowerCase(t.charAt(0)) - 'a';
            if (index >= 0 && index < options.size() && options.stream().noneMatch(o -> normal(o).equals(normal(t)))) {
                return options.get(index);
            }
        }
        return answer;
    }

    static boolean same(String answer, String key) {
        String a = normal(answer);
        String k = normal(key);
        if (a.equals(k)) {
            return true;
        }
        Optional<BigDecimal> x = number(a);
        Optional<BigDecimal> y = number(k);
        return x.isPresent() && y.isPresent() && x.get().subtract(y.get()).abs().compareTo(new BigDecimal("1e-9")) <= 0;
    }

    static String normal(String text) {
        return text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replaceAll("^[\"'“‘]+|[\"'”’]+$", "")
                .replaceAll("[.!]+$", "").replaceAll("\\s+", " ").trim();
    }

    private static String pair(String text) {
        return normal(text).replaceAll("\\s*(=>|->|→)\\s*", " => ");
    }

    /** A number as answers write it: {@code 7}, {@code -3.5}, {@code 3/4}, {@code $4.50}, {@code 1,200}, {@code x = 5}. */
    static Optional<BigDecimal> number(String text) {
        String t = text.replaceFirst("^[a-z]\\s*=\\s*", "").replace("$", "").replace(",", "").replace("%", "").trim();
        try {
            int slash = t.indexOf('/');
            if (slash > 0) {
                BigDecimal num = new BigDecimal(t.substring(0, slash).trim());
                BigDecimal den = new BigDecimal(t.substring(slash + 1).trim());
                return den.signum() == 0 ? Optional.empty() : Optional.of(num.divide(den, MathContext.DECIMAL64));
            }
            return t.matches("-?[0-9]+(\\.[0-9]+)?") ? Optional.of(new BigDecimal(t)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
