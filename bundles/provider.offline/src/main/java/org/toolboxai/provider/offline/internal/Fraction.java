package org.toolboxai.provider.offline.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact rational number, always in lowest terms with a positive denominator.
 *
 * @param num numerator
 * @param den denominator, positive
 */
record Fraction(long num, long den) implements Comparable<Fraction> {

    static final Fraction ZERO = new Fraction(0, 1);
    static final Fraction ONE = new Fraction(1, 1);

    /** Reduces by the greatest common divisor and moves the sign to the numerator. */
    Fraction {
        if (den == 0) {
            throw new ArithmeticException("denominator is zero");
        }
        long g = gcd(Math.abs(num), Math.abs(den));
        if (den < 0) {
            g = -g;
        }
        num /= g;
        den /= g;
    }

    static Fraction of(long num, long den) {
        return new Fraction(num, den);
    }

    static Fraction of(long whole) {
        return new Fraction(whole, 1);
    }

    /** The exact value of a decimal. */
    static Fraction of(BigDecimal decimal) {
        BigDecimal d = decimal.stripTrailingZeros();
        if (d.scale() <= 0) {
            return of(d.longValueExact());
        }
        return of(d.unscaledValue().longValueExact(), BigInteger.TEN.pow(d.scale()).longValueExact());
    }

    static long gcd(long a, long b) {
        long x = Math.abs(a);
        long y = Math.abs(b);
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return x == 0 ? 1 : x;
    }

    static long lcm(long a, long b) {
        return Math.abs(Math.multiplyExact(a / gcd(a, b), b));
    }

    Fraction plus(Fraction o) {
        long l = lcm(den, o.den);
        return of(Math.addExact(Math.multiplyExact(num, l / den), Math.multiplyExact(o.num, l / o.den)), l);
    }

    Fraction minus(Fraction o) {
        return plus(o.negate());
    }

    Fraction times(Fraction o) {
        return of(Math.multiplyExact(num, o.num), Math.multiplyExact(den, o.den));
    }

    Fraction dividedBy(Fraction o) {
        return of(Math.multiplyExact(num, o.den), Math.multiplyExact(den, o.num));
    }

    Fraction negate() {
        return of(-num, den);
    }

    boolean isWhole() {
        return den == 1;
    }

    boolean isPositive() {
        return num > 0;
    }

    @Override
    public int compareTo(Fraction o) {
        return Long.compare(Math.multiplyExact(num, o.den), Math.multiplyExact(o.num, den));
    }

    /** The exact decimal, or {@code null} when it does not terminate. */
    BigDecimal toDecimal() {
        long d = den;
        while (d % 2 == 0) {
            d /= 2;
        }
        while (d % 5 == 0) {
            d /= 5;
        }
        if (d != 1) {
            return null;
        }
        return new BigDecimal(num).divide(new BigDecimal(den)).stripTrailingZeros();
    }

    /** The decimal as text, e.g. {@code 3.57}, or {@code null} when it does not terminate. */
    String toDecimalString() {
        BigDecimal d = toDecimal();
        return d == null ? null : d.toPlainString();
    }

    /** {@code 3/4}, {@code -1/2} or a whole number. */
    @Override
    public String toString() {
        return den == 1 ? Long.toString(num) : num + "/" + den;
    }
}
