package org.toolboxai.provider.offline.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
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

    private static final Pattern STARS = Pattern.compile("(★+)");
    private static final Pattern COUNT_ON = Pattern.compile("count(?:ing)? by (ones|(\\d+)s)\\W.*?after (\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DIGIT = Pattern.compile("the digit (\\d) in (\\d+)|In (\\d+) the value of the digit (\\d)");
    private static final Pattern POWER = Pattern.compile("(\\d+) to the power of (\\d+)");
    private static final Pattern ROOT = Pattern.compile("square root of (\\d+)");
    private static final Pattern INEQUALITY = Pattern.compile("(\\d+)x \\+ (\\d+) > (-?\\d+)");
    private static final Pattern SYSTEM = Pattern.compile("(\\d*)x \\+ y = (-?\\d+) and x - y = (-?\\d+)");
    private static final Pattern QUADRATIC = Pattern.compile("x²(?: ([-+]) (\\d*)x)?(?: ([-+]) (\\d+))? = 0");
    private static final Pattern THROUGH = Pattern.compile("through \\((-?\\d+), (-?\\d+)\\) and \\((-?\\d+), (-?\\d+)\\)");
    private static final Pattern LINE = Pattern.compile("line y = (-?\\d*)x");
    private static final Pattern LEGS = Pattern.compile("legs(?: of)? (\\d+)(?: \\w+)? and (\\d+)");
    private static final Pattern OTHER_LEG = Pattern.compile("hypotenuse(?: of)? (\\d+)(?: \\w+)? and (?:one )?leg(?: of)? (\\d+)");
    private static final Pattern BOX = Pattern.compile("box (\\d+) \\w+ long, (\\d+) \\w+ wide and (\\d+) \\w+ high");
    private static final Pattern CIRCLE = Pattern.compile("(area|circumference) of a circle with a radius of (\\d+)");
    private static final Pattern STATS = Pattern.compile("(mean|median|mode) of ((?:\\d+, )+\\d+)");
    private static final Pattern MARBLES = Pattern.compile("(\\d+) (\\w+) and (\\d+) (\\w+) marbles");
    private static final Pattern PICKED = Pattern.compile("(?:that it is|picking) (\\w+)|^(\\w+) from");
    private static final Pattern CHAIN = Pattern.compile("^(?:What is )?([0-9()+\\-×÷ ]+?)(?:\\?.*| =.*)?$");

    /** The right value for the exercise the text describes, or empty when the text is no known exercise. */
    static Optional<Q> solve(String text) {
        Optional<Q> skill = solveSkill(text);
        if (skill.isPresent()) {
            return skill;
        }
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

    /** The exercises of the skills added for K-12 coverage, each worked out here from its own numbers. */
    private static Optional<Q> solveSkill(String text) {
        Matcher m;
        if ((m = STARS.matcher(text)).find()) {
            return Optional.of(Q.of(m.group(1).length()));
        }
        if ((m = COUNT_ON.matcher(text)).find()) {
            long step = m.group(2) == null ? 1 : Long.parseLong(m.group(2));
            return Optional.of(Q.of(Long.parseLong(m.group(3)) + step));
        }
        if ((m = DIGIT.matcher(text)).find()) {
            String digit = m.group(1) != null ? m.group(1) : m.group(4);
            String n = m.group(1) != null ? m.group(2) : m.group(3);
            int at = n.indexOf(digit);
            return Optional.of(Q.of(new BigInteger(digit + "0".repeat(n.length() - 1 - at)).longValueExact()));
        }
        if ((m = POWER.matcher(text)).find()) {
            return Optional.of(Q.of(BigInteger.valueOf(Long.parseLong(m.group(1))).pow(Integer.parseInt(m.group(2))).longValueExact()));
        }
        if ((m = ROOT.matcher(text)).find()) {
            return Optional.of(Q.of(BigInteger.valueOf(Long.parseLong(m.group(1))).sqrt().longValueExact()));
        }
        if ((m = INEQUALITY.matcher(text)).find()) {
            long a = Long.parseLong(m.group(1));
            long b = Long.parseLong(m.group(2));
            long c = Long.parseLong(m.group(3));
            for (long x = -1000; x <= 1000; x++) {
                if (a * x + b > c) {
                    return Optional.of(Q.of(x));
                }
            }
            throw new AssertionError("no solution of " + m.group());
        }
        if ((m = SYSTEM.matcher(text)).find()) {
            long k = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
            long s = Long.parseLong(m.group(2));
            long d = Long.parseLong(m.group(3));
            for (long x = -1000; x <= 1000; x++) {
                long y = x - d;
                if (k * x + y == s) {
                    return Optional.of(Q.of(x));
                }
            }
            throw new AssertionError("no solution of " + m.group());
        }
        if ((m = QUADRATIC.matcher(text)).find()) {
            long b = m.group(1) == null ? 0 : (m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2))) * (m.group(1).equals("-") ? -1 : 1);
            long c = m.group(3) == null ? 0 : Long.parseLong(m.group(4)) * (m.group(3).equals("-") ? -1 : 1);
            for (long x = 1000; x >= -1000; x--) {
                if (x * x + b * x + c == 0) {
                    return Optional.of(Q.of(x));
                }
            }
            throw new AssertionError("no root of " + m.group());
        }
        if ((m = THROUGH.matcher(text)).find()) {
            return Optional.of(Q.of(Long.parseLong(m.group(4)) - Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)) - Long.parseLong(m.group(1))));
        }
        if ((m = LINE.matcher(text)).find()) {
            String k = m.group(1);
            return Optional.of(Q.of(k.isEmpty() ? 1 : k.equals("-") ? -1 : Long.parseLong(k)));
        }
        if ((m = OTHER_LEG.matcher(text)).find()) {
            long c = Long.parseLong(m.group(1));
            long a = Long.parseLong(m.group(2));
            return Optional.of(Q.of(BigInteger.valueOf(c * c - a * a).sqrt().longValueExact()));
        }
        if ((m = LEGS.matcher(text)).find()) {
            long a = Long.parseLong(m.group(1));
            long b = Long.parseLong(m.group(2));
            return Optional.of(Q.of(BigInteger.valueOf(a * a + b * b).sqrt().longValueExact()));
        }
        if ((m = BOX.matcher(text)).find()) {
            return Optional.of(Q.of(Long.parseLong(m.group(1)) * Long.parseLong(m.group(2)) * Long.parseLong(m.group(3))));
        }
        if ((m = CIRCLE.matcher(text)).find()) {
            Q r = Q.of(Long.parseLong(m.group(2)));
            Q pi = Q.of(314, 100);
            return Optional.of(m.group(1).equals("area") ? pi.times(r).times(r) : pi.times(r).times(Q.of(2)));
        }
        if ((m = STATS.matcher(text)).find()) {
            List<Long> values = java.util.Arrays.stream(m.group(2).split(", ")).map(Long::parseLong).sorted().toList();
            return Optional.of(switch (m.group(1)) {
                case "mean" -> Q.of(values.stream().mapToLong(Long::longValue).sum(), values.size());
                case "median" -> Q.of(values.get(values.size() / 2));
                default -> Q.of(values.stream().filter(v -> java.util.Collections.frequency(values, v) > 1).findFirst()
                        .orElseThrow());
            });
        }
        if ((m = MARBLES.matcher(text)).find()) {
            Matcher picked = PICKED.matcher(text);
            if (!picked.find()) {
                throw new AssertionError("which colour? " + text);
            }
            String colour = picked.group(1) != null ? picked.group(1) : picked.group(2);
            long first = Long.parseLong(m.group(1));
            long second = Long.parseLong(m.group(3));
            return Optional.of(Q.of(colour.equals(m.group(2)) ? first : second, first + second));
        }
        if ((m = CHAIN.matcher(text.trim())).matches() && m.group(1).chars().filter(ch -> "+-×÷".indexOf(ch) >= 0).count() >= 2) {
            return Optional.of(new Chain(m.group(1)).sum());
        }
        return Optional.empty();
    }

    /** Left-to-right with × ÷ before + -, and brackets: an evaluator of this class's own. */
    private static final class Chain {
        private final String s;
        private int i;

        Chain(String text) {
            s = text.replace(" ", "");
        }

        Q sum() {
            Q v = product();
            while (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                char op = s.charAt(i++);
                Q w = product();
                v = op == '+' ? v.plus(w) : v.minus(w);
            }
            return v;
        }

        private Q product() {
            Q v = atom();
            while (i < s.length() && (s.charAt(i) == '×' || s.charAt(i) == '÷')) {
                char op = s.charAt(i++);
                Q w = atom();
                v = op == '×' ? v.times(w) : v.over(w);
            }
            return v;
        }

        private Q atom() {
            if (s.charAt(i) == '(') {
                i++;
                Q v = sum();
                i++;
                return v;
            }
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            return Q.of(Long.parseLong(s.substring(start, i)));
        }
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
