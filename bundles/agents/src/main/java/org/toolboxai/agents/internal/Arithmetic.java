package org.toolboxai.agents.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact arithmetic on what quiz prompts ask, written for the checks and independent of any
 * generator: rationals, expressions with {@code + - * / × ÷ ^} and parentheses (implicit
 * multiplication as in {@code 10(x + 8)}), linear equations in one unknown, "N% of M". Used to
 * recompute answer keys; anything it cannot read is left alone, never guessed.
 */
final class Arithmetic {

    private static final Pattern MATH_ONLY = Pattern.compile("[0-9a-z+\\-*/×÷·^().,\\s=−–]+");
    private static final Pattern PERCENT_OF = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)\\s*%\\s*of\\s*\\$?(-?[0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern MIXED = Pattern.compile("(-?)([0-9]+)\\s+([0-9]+)\\s*/\\s*([0-9]+)");

    private Arithmetic() {
    }

    /** An exact fraction in lowest terms, denominator positive. */
    record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {

        static final Rational ZERO = of(0);

        Rational {
            if (den.signum() == 0) {
                throw new ArithmeticException("division by zero");
            }
            if (den.signum() < 0) {
                num = num.negate();
                den = den.negate();
            }
            BigInteger g = num.gcd(den);
            if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
                num = num.divide(g);
                den = den.divide(g);
            }
        }

        static Rational of(long n) {
            return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
        }

        static Rational of(BigDecimal d) {
            BigDecimal s = d.stripTrailingZeros();
            return s.scale() <= 0 ? new Rational(s.toBigIntegerExact(), BigInteger.ONE)
                    : new Rational(s.unscaledValue(), BigInteger.TEN.pow(s.scale()));
        }

        Rational plus(Rational o) {
            return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
        }

        Rational minus(Rational o) {
            return plus(o.negate());
        }

        Rational times(Rational o) {
            return new Rational(num.multiply(o.num), den.multiply(o.den));
        }

        Rational over(Rational o) {
            return new Rational(num.multiply(o.den), den.multiply(o.num));
        }

        Rational negate() {
            return new Rational(num.negate(), den);
        }

        boolean isZero() {
            return num.signum() == 0;
        }

        double doubleValue() {
            return new BigDecimal(num).divide(new BigDecimal(den), java.math.MathContext.DECIMAL64).doubleValue();
        }

        @Override
        public int compareTo(Rational o) {
            return num.multiply(o.den).compareTo(o.num.multiply(den));
        }

        @Override
        public String toString() {
            return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
        }
    }

    /** {@code a·x + b}. */
    record Linear(Rational a, Rational b) {

        static Linear constant(Rational b) {
            return new Linear(Rational.ZERO, b);
        }

        Linear plus(Linear o) {
            return new Linear(a.plus(o.a), b.plus(o.b));
        }

        Linear negate() {
            return new Linear(a.negate(), b.negate());
        }

        Linear times(Linear o) {
            if (!a.isZero() && !o.a.isZero()) {
                throw new IllegalArgumentException("not linear");
            }
            return new Linear(a.times(o.b).plus(o.a.times(b)), b.times(o.b));
        }

        Linear over(Linear o) {
            if (!o.a.isZero()) {
                throw new IllegalArgumentException("not linear");
            }
            return new Linear(a.over(o.b), b.over(o.b));
        }
    }

    /** The value of an expression without unknowns, e.g. {@code 3/4 + 1/8} or {@code (2.5 × 4) ÷ 5}. */
    static Optional<Rational> value(String expression) {
        try {
            Linear l = new Parser(expression).parseAll();
            return l.a().isZero() ? Optional.of(l.b()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The unknown of a linear equation, e.g. {@code 10(x + 8) = 160}; empty when it is none. */
    static Optional<Rational> solve(String equation) {
        String[] sides = equation.split("=");
        if (sides.length != 2) {
            return Optional.empty();
        }
        try {
            Linear left = new Parser(sides[0]).parseAll();
            Linear right = new Parser(sides[1]).parseAll();
            Rational a = left.a().minus(right.a());
            if (a.isZero()) {
                return Optional.empty();
            }
            return Optional.of(right.b().minus(left.b()).over(a));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A number as people write answers: {@code 7}, {@code -3}, {@code 3/4}, {@code 1 1/2},
     * {@code 0.75}, {@code $4.50}, {@code x = 5}, {@code 25%} (as 25); empty for anything else.
     */
    static Optional<Rational> number(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = normalise(text).replaceFirst("^[a-z]\\s*=\\s*", "").replace("$", "").replace("%", "").trim();
        Matcher mixed = MIXED.matcher(t);
        if (mixed.matches()) {
            Rational whole = Rational.of(Long.parseLong(mixed.group(2)));
            Rational part = new Rational(new BigInteger(mixed.group(3)), new BigInteger(mixed.group(4)));
            Rational v = whole.plus(part);
            return Optional.of(mixed.group(1).isEmpty() ? v : v.negate());
        }
        if (!t.matches("-?[0-9]+(\\.[0-9]+)?(\\s*/\\s*-?[0-9]+)?")) {
            return Optional.empty();
        }
        return value(t);
    }

    /** The decimals a written answer was rounded to (2 for {@code 0.33}), or -1 when it is exact. */
    static int roundedTo(String text) {
        String t = text == null ? "" : text.trim();
        int dot = t.indexOf('.');
        return dot < 0 || t.contains("/") ? -1 : (int) t.substring(dot + 1).chars().filter(Character::isDigit).count();
    }

    /** Whether {@code key} states {@code value}, exactly or rounded as written. */
    static boolean agrees(String key, Rational value) {
        Optional<Rational> k = number(key);
        if (k.isEmpty()) {
            return false;
        }
        if (k.get().compareTo(value) == 0) {
            return true;
        }
        // a rounded decimal stands for a value that has no exact one (0.33 for 1/3), never for one
        // that has (7.7 is not 7.69)
        int places = roundedTo(key);
        return places > 0 && !terminates(value)
                && Math.abs(k.get().doubleValue() - value.doubleValue()) <= 0.5 * Math.pow(10, -places) + 1e-12;
    }

    /** Whether the value is a terminating decimal: its denominator has no prime factor but 2 and 5. */
    static boolean terminates(Rational value) {
        BigInteger d = value.den();
        for (BigInteger p : List.of(BigInteger.TWO, BigInteger.valueOf(5))) {
            while (d.mod(p).signum() == 0) {
                d = d.divide(p);
            }
        }
        return d.equals(BigInteger.ONE);
    }

    /** "12% of 50" as its value. */
    static Optional<Rational> percentOf(String prompt) {
        Matcher m = PERCENT_OF.matcher(normalise(prompt));
        if (!m.find()) {
            return Optional.empty();
        }
        Rational p = Rational.of(new BigDecimal(m.group(1)));
        Rational of = Rational.of(new BigDecimal(m.group(2)));
        return Optional.of(p.times(of).over(Rational.of(100)));
    }

    /** Whether the text is only arithmetic (digits, operators, one-letter unknowns). */
    static boolean mathOnly(String text) {
        String t = normalise(text);
        return MATH_ONLY.matcher(t).matches() && t.chars().anyMatch(Character::isDigit)
                && !t.replaceAll("\\b[a-z]\\b", "").matches(".*[a-z].*");
    }

    /** A fraction written as one number, {@code 1/6}: no decimal point or digit around it. */
    private static final Pattern FRACTION_LITERAL = Pattern.compile("(?<![\\d.])(\\d+)/(\\d+)(?![\\d.])");

    static String normalise(String text) {
        // a written fraction is one number: "1/2 ÷ 1/6" is (1/2) ÷ (1/6), not ((1/2) ÷ 1) / 6
        String t = text.toLowerCase(Locale.ROOT).replace('−', '-').replace('–', '-').replace('×', '*').replace('·', '*')
                .replace(",", "");
        if (t.indexOf('÷') >= 0) {
            t = FRACTION_LITERAL.matcher(t).replaceAll("($1/$2)");
        }
        return t.replace('÷', '/');
    }

    /** Recursive descent over {@code + - * / ^}, unary minus, parentheses, implicit multiplication. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String text) {
            s = normalise(text);
        }

        Linear parseAll() {
            Linear v = sum();
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("unexpected '" + s.charAt(i) + "'");
            }
            return v;
        }

        private Linear sum() {
            Linear v = product();
            while (true) {
                skip();
                if (eat('+')) {
                    v = v.plus(product());
                } else if (eat('-')) {
                    v = v.plus(product().negate());
                } else {
                    return v;
                }
            }
        }

        private Linear product() {
            Linear v = unary();
            while (true) {
                skip();
                if (eat('*')) {
                    v = v.times(unary());
                } else if (eat('/')) {
                    v = v.over(unary());
                } else if (i < s.length() && (s.charAt(i) == '(' || Character.isLetter(s.charAt(i)))) {
                    v = v.times(unary());
                } else {
                    return v;
                }
            }
        }

        private Linear unary() {
            skip();
            if (eat('-')) {
                return unary().negate();
            }
            if (eat('+')) {
                return unary();
            }
            return power();
        }

        private Linear power() {
            Linear base = atom();
            skip();
            if (eat('^')) {
                Linear exponent = unary();
                if (!base.a().isZero() || !exponent.a().isZero() || !exponent.b().den().equals(BigInteger.ONE)) {
                    throw new IllegalArgumentException("only whole powers of numbers");
                }
                int n = exponent.b().num().intValueExact();
                Rational r = base.b();
                // a sent package must not make the server compute 3^64^64: results stay below 4096 bits
                if (n < 0 || n > 64 || (long) Math.max(r.num().bitLength(), r.den().bitLength()) * n > 4096) {
                    throw new IllegalArgumentException("power out of range");
                }
                return Linear.constant(new Rational(r.num().pow(n), r.den().pow(n)));
            }
            return base;
        }

        private Linear atom() {
            skip();
            if (eat('(')) {
                Linear v = sum();
                skip();
                if (!eat(')')) {
                    throw new IllegalArgumentException("missing )");
                }
                return v;
            }
            int start = i;
            if (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
                if (i < s.length() && Character.isLetter(s.charAt(i))) {
                    throw new IllegalArgumentException("a word, not an unknown");
                }
                return new Linear(Rational.of(1), Rational.ZERO);
            }
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("a number was expected");
            }
            return Linear.constant(Rational.of(new BigDecimal(s.substring(start, i))));
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean eat(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }
    }
}
