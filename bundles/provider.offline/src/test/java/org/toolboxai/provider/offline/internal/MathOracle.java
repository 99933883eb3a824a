package org.toolboxai.provider.offline.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent checker of the generated maths: it reads the numbers back from the text and
 * computes the right answer itself, with BigInteger/BigDecimal arithmetic (not the generator's
 * Fraction class).
 */
final class MathOracle {

    /** An exact rational, independent of the main code. */
    record Q(BigInteger num, BigInteger den) {
        Q {
            if (den.signum() == 0) {
                throw new ArithmeticException("zero denominator");
            }
            BigInteger g = num.gcd(den);
            if (den.signum() < 0) {
                g = g.negate();
            }
            if (g.signum() != 0) {
                num = num.divide(g);
                den = den.divide(g);
            }
        }

        static Q of(long n) {
            return new Q(BigInteger.valueOf(n), BigInteger.ONE);
        }

        static Q of(long n, long d) {
            return new Q(BigInteger.valueOf(n), BigInteger.valueOf(d));
        }

        static Q of(BigDecimal d) {
            return d.scale() <= 0 ? new Q(d.toBigIntegerExact(), BigInteger.ONE)
                    : new Q(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
        }

        Q plus(Q o) {
            return new Q(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
        }

        Q minus(Q o) {
            return plus(new Q(o.num.negate(), o.den));
        }

        Q times(Q o) {
            return new Q(num.multiply(o.num), den.multiply(o.den));
        }

        Q over(Q o) {
            return new Q(num.multiply(o.den), den.multiply(o.num));
        }

        int compare(Q o) {
            return num.multiply(o.den).compareTo(o.num.multiply(den));
        }
    }

    private static final String N = "-?\\d+(?:\\.\\d+)?(?:/\\d+)?";
    private static final Pattern EXPRESSION = Pattern.compile(
            "^(?:What is |True or false: )?(" + N + ") ([-+×÷]) \\(?(" + N + ")\\)?(?:\\?| = | =>|$)");
    private static final Pattern EQUATION = Pattern.compile("(?:Solve for x: |If |^)((?:\\d*x|\\d+\\(x \\+ \\d+\\))"
            + "(?: [-+] \\d+)?) = (-?\\d+)(?:\\.|,|$)");
    private static final Pattern SIMPLIFY = Pattern.compile("(\\d+)/(\\d+) in simplest form");
    private static final Pattern RATIO_SIMPLIFY = Pattern.compile("the ratio (\\d+):(\\d+) in simplest form|^(\\d+):(\\d+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern RATIO_SCALE = Pattern.compile("ratio of [\\w -]+? to [\\w -]+? is (\\d+):(\\d+)\\. There are (\\d+) "
            + "|^(\\d+):(\\d+) with (\\d+) ");
    private static final Pattern RATIO_SHARE = Pattern.compile("There are (\\d+) .+ in the ratio (\\d+):(\\d+)"
            + "|^(\\d+) shared (\\d+):(\\d+)");
    private static final Pattern OUT_OF = Pattern.compile("(\\d+) out of (\\d+) as a percent");
    private static final Pattern AS_PERCENT = Pattern.compile("([\\d.]+) as a percent");
    private static final Pattern CHANGE = Pattern.compile("(\\d+) (increased|decreased) by (\\d+)%");
    private static final Pattern PERCENT_OF = Pattern.compile("(\\d+)% of (\\d+)");
    private static final Pattern RECTANGLE = Pattern.compile("(area|perimeter) of a rectangle (\\d+) (\\w+) long and (\\d+) \\3 wide",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SQUARE = Pattern.compile("perimeter of a square with sides of (\\d+) (\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRIANGLE_AREA = Pattern.compile("area of a triangle with base (\\d+) (\\w+) and height (\\d+) \\2",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RIGHT = Pattern.compile("right angle\\D*?(\\d+) degrees", Pattern.CASE_INSENSITIVE);
    private static final Pattern STRAIGHT = Pattern.compile("straight line\\D*?(\\d+) degrees", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRIANGLE = Pattern.compile("triangle (?:measure|with angles) (\\d+)(?: degrees)? and (\\d+) degrees",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern RATIO = Pattern.compile("^(\\d+):(\\d+)$");
    private static final Pattern VALUE = Pattern.compile("^(" + N + ")%?(?: .*)?$");
    private static final Pattern LOWEST = Pattern.compile("^-?(\\d+)[/:](\\d+)");

    private MathOracle() {
    }

    /** The right value for the exercise the text describes, or empty when the text is no known exercise. */
    static Optional<Q> solve(String text) {
        Matcher m;
        if ((m = EQUATION.matcher(text)).find()) {
            return Optional.of(solveLinear(m.group(1), Long.parseLong(m.group(2))));
        }
        if ((m = TRIANGLE_AREA.matcher(text)).find()) {
            return Optional.of(Q.of(Long.parseLong(m.group(1)) * Long.parseLong(m.group(3)), 2));
        }
        if ((m = RECTANGLE.matcher(text)).find()) {
            long l = Long.parseLong(m.group(2));
            long w = Long.parseLong(m.group(4));
            return Optional.of(Q.of(m.group(1).equalsIgnoreCase("area") ? l * w : 2 * (l + w)));
        }
        if ((m = SQUARE.matcher(text)).find()) {
            return Optional.of(Q.of(4 * Long.parseLong(m.group(1))));
        }
        if ((m = RIGHT.matcher(text)).find()) {
            return Optional.of(Q.of(90 - Long.parseLong(m.group(1))));
        }
        if ((m = STRAIGHT.matcher(text)).find()) {
            return Optional.of(Q.of(180 - Long.parseLong(m.group(1))));
        }
        if ((m = TRIANGLE.matcher(text)).find()) {
            return Optional.of(Q.of(180 - Long.parseLong(m.group(1)) - Long.parseLong(m.group(2))));
        }
        if ((m = RATIO_SCALE.matcher(text)).find()) {
            int o = m.group(1) != null ? 0 : 3;
            long a = Long.parseLong(m.group(o + 1));
            long b = Long.parseLong(m.group(o + 2));
            return Optional.of(Q.of(Long.parseLong(m.group(o + 3))).times(Q.of(b, a)));
        }
        if ((m = RATIO_SHARE.matcher(text)).find()) {
            int o = m.group(1) != null ? 0 : 3;
            long total = Long.parseLong(m.group(o + 1));
            long a = Long.parseLong(m.group(o + 2));
            long b = Long.parseLong(m.group(o + 3));
            return Optional.of(Q.of(total * Math.max(a, b), a + b));
        }
        if ((m = RATIO_SIMPLIFY.matcher(text)).find()) {
            int o = m.group(1) != null ? 0 : 2;
            return Optional.of(Q.of(Long.parseLong(m.group(o + 1)), Long.parseLong(m.group(o + 2))));
        }
        if ((m = SIMPLIFY.matcher(text)).find()) {
            return Optional.of(Q.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        }
        if ((m = OUT_OF.matcher(text)).find()) {
            return Optional.of(Q.of(Long.parseLong(m.group(1)) * 100, Long.parseLong(m.group(2))));
        }
        if ((m = CHANGE.matcher(text)).find()) {
            long n = Long.parseLong(m.group(1));
            long p = Long.parseLong(m.group(3));
            return Optional.of(Q.of(n * (m.group(2).equals("increased") ? 100 + p : 100 - p), 100));
        }
        if ((m = PERCENT_OF.matcher(text)).find()) {
            return Optional.of(Q.of(Long.parseLong(m.group(1)) * Long.parseLong(m.group(2)), 100));
        }
        if ((m = AS_PERCENT.matcher(text)).find()) {
            return Optional.of(Q.of(new BigDecimal(m.group(1))).times(Q.of(100)));
        }
        if ((m = EXPRESSION.matcher(text)).find()) {
            Q x = number(m.group(1));
            Q y = number(m.group(3));
            return Optional.of(switch (m.group(2)) {
                case "+" -> x.plus(y);
                case "-" -> x.minus(y);
                case "×" -> x.times(y);
                default -> x.over(y);
            });
        }
        return Optional.empty();
    }

    /** Solves lhs = c by trying whole numbers: substitution, not algebra. */
    private static Q solveLinear(String lhs, long c) {
        Function<Long, Long> f = compile(lhs);
        for (long x = -1000; x <= 1000; x++) {
            if (f.apply(x) == c) {
                return Q.of(x);
            }
        }
        throw new AssertionError("no whole-number solution of " + lhs + " = " + c);
    }

    private static final Pattern LINEAR = Pattern.compile("^(\\d*)x(?: ([-+]) (\\d+))?$");
    private static final Pattern BRACKETS = Pattern.compile("^(\\d+)\\(x \\+ (\\d+)\\)$");

    static long evaluate(String lhs, long x) {
        return compile(lhs).apply(x);
    }

    /** The left-hand side as a function of x. */
    private static Function<Long, Long> compile(String lhs) {
        Matcher m = LINEAR.matcher(lhs);
        if (m.matches()) {
            long a = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
            long b = m.group(2) == null ? 0 : Long.parseLong(m.group(3)) * (m.group(2).equals("+") ? 1 : -1);
            return x -> a * x + b;
        }
        m = BRACKETS.matcher(lhs);
        if (m.matches()) {
            long a = Long.parseLong(m.group(1));
            long b = Long.parseLong(m.group(2));
            return x -> a * (x + b);
        }
        throw new AssertionError("unknown left-hand side " + lhs);
    }

    /** A plain number: whole, decimal or fraction. */
    static Q number(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash > 0) {
            return new Q(new BigInteger(t.substring(0, slash)), new BigInteger(t.substring(slash + 1)));
        }
        return Q.of(new BigDecimal(t));
    }

    /** An answer's value: "11/12", "3.57", "35%" (35), "28 square cm" (28), "70 degrees", "2:3" (2/3), "15". */
    static Q value(String answer) {
        String t = answer.trim();
        Matcher ratio = RATIO.matcher(t);
        if (ratio.matches()) {
            return Q.of(Long.parseLong(ratio.group(1)), Long.parseLong(ratio.group(2)));
        }
        Matcher m = VALUE.matcher(t);
        if (!m.matches()) {
            throw new AssertionError("not a numeric answer: " + answer);
        }
        return number(m.group(1));
    }

    /** An item to order: a fraction, a decimal, or a percentage (35% = 0.35). */
    static Q orderValue(String item) {
        return item.endsWith("%") ? number(item.substring(0, item.length() - 1)).over(Q.of(100)) : number(item);
    }

    /** Whether a fraction or ratio answer is in lowest terms. */
    static boolean lowestTerms(String answer) {
        Matcher m = LOWEST.matcher(answer.trim());
        return !m.find() || new BigInteger(m.group(1)).gcd(new BigInteger(m.group(2))).equals(BigInteger.ONE);
    }

    /** Splits a statement with its answer in place into (the exercise, the shown answer). */
    static String[] split(String statement) {
        for (String marker : new String[] {"then x = ", " measures ", "So there are ", "The larger group has "}) {
            int at = statement.lastIndexOf(marker);
            if (at >= 0) {
                return new String[] {statement.substring(0, at + marker.length()), statement.substring(at + marker.length())};
            }
        }
        int eq = statement.lastIndexOf(" = ");
        int is = statement.lastIndexOf(" is ");
        int at = Math.max(eq, is);
        if (at < 0) {
            throw new AssertionError("cannot find the answer in " + statement);
        }
        int len = at == eq ? 3 : 4;
        return new String[] {statement.substring(0, at + len), statement.substring(at + len)};
    }
}
