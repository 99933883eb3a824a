package org.toolboxai.provider.offline.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computed maths exercises: which topics an objective is about, and fractions, decimals and
 * percentages (the other topics are in {@link MathWordProblems}). Number ranges grow with the
 * level (grade, difficulty and rank in a course).
 */
final class MathExercises {

    enum Topic {
        FRACTION, DECIMAL, PERCENT, RATIO, EQUATION, AREA, PERIMETER, ANGLE, ARITHMETIC
    }

    /** Keywords that make any objective a maths objective. */
    private static final Map<String, Topic> STRONG = Map.of("fraction", Topic.FRACTION, "numerator", Topic.FRACTION,
            "denominator", Topic.FRACTION, "decimal", Topic.DECIMAL, "percent", Topic.PERCENT, "%", Topic.PERCENT,
            "ratio", Topic.RATIO, "equation", Topic.EQUATION, "area", Topic.AREA, "perimeter", Topic.PERIMETER);

    /** Keywords that count only when the subject is mathematics. */
    private static final Map<String, Topic> WEAK = Map.of("angle", Topic.ANGLE, "triangle", Topic.ANGLE,
            "proportion", Topic.RATIO, "rate", Topic.RATIO, "algebra", Topic.EQUATION, "variable", Topic.EQUATION,
            "solve for", Topic.EQUATION, "unknown", Topic.EQUATION, "linear", Topic.EQUATION);

    private MathExercises() {
    }

    /**
     * The maths topics of an objective in the order it names them; for a maths lesson at least
     * arithmetic, for other subjects empty unless a maths keyword occurs.
     */
    static List<Topic> topics(String objective, boolean mathSubject) {
        String text = objective.toLowerCase(Locale.ROOT);
        TreeMap<Integer, Topic> found = new TreeMap<>();
        find(text, STRONG, found);
        if (mathSubject || !found.isEmpty()) {
            find(text, WEAK, found);
        }
        List<Topic> topics = new ArrayList<>();
        for (Topic t : found.values()) {
            if (!topics.contains(t)) {
                topics.add(t);
            }
        }
        if (topics.isEmpty() && mathSubject) {
            topics.add(Topic.ARITHMETIC);
        }
        return topics;
    }

    private static void find(String text, Map<String, Topic> keywords, TreeMap<Integer, Topic> found) {
        for (Map.Entry<String, Topic> k : keywords.entrySet()) {
            int at = k.getKey().equals("%") ? text.indexOf('%') : indexOfWord(text, k.getKey());
            if (at >= 0) {
                found.merge(at, k.getValue(), (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
            }
        }
    }

    /** Where a word starts (prefix match at a word boundary: "angles" matches "angle", "triangle" does not). */
    private static int indexOfWord(String text, String word) {
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            if (at == 0 || !Character.isLetter(text.charAt(at - 1))) {
                return at;
            }
        }
        return -1;
    }

    /** One exercise of the topic. */
    static Problem problem(Topic topic, int level, Rng rng) {
        return switch (topic) {
            case FRACTION -> fraction(level, rng);
            case DECIMAL -> decimal(level, rng);
            case PERCENT -> percent(level, rng);
            default -> MathWordProblems.problem(topic, level, rng);
        };
    }

    // ---------------------------------------------------------------- fractions

    static Problem fraction(int level, Rng rng) {
        int kind = level <= 3 ? 0 : level <= 5 ? rng.nextInt(2) : level <= 7 ? rng.nextInt(4) : rng.nextInt(5);
        if (kind == 3) {
            return simplify(level, rng);
        }
        int maxDen = level <= 3 ? 8 : level <= 5 ? 10 : level <= 7 ? 12 : 15;
        int b = rng.between(2, maxDen);
        int d;
        if (level <= 3) {
            d = b;
        } else if (level <= 5) {
            b = rng.between(2, 6);
            d = b * rng.between(2, 3);
        } else {
            d = rng.between(2, maxDen);
        }
        int a = coprime(rng.between(1, b - 1), b);
        int c = coprime(rng.between(1, d - 1), d);
        Fraction x = Fraction.of(a, b);
        Fraction y = Fraction.of(c, d);
        String op = switch (kind == 1 && x.equals(y) ? 0 : kind) {
            case 1 -> "-";
            case 2 -> "×";
            case 4 -> "÷";
            default -> "+";
        };
        if (op.equals("-") && level < 9 && x.compareTo(y) < 0) {
            int t = a; a = c; c = t;
            t = b; b = d; d = t;
            x = Fraction.of(a, b);
            y = Fraction.of(c, d);
        }
        Fraction result;
        Problem.Wrong wrong;
        String how;
        String left = a + "/" + b;
        String right = c + "/" + d;
        long l = Fraction.lcm(b, d);
        switch (op) {
            case "+" -> {
                result = x.plus(y);
                wrong = wrongFractions(result, l).addRatio(a + c, b + d).addRatio(a + c, (long) b * d).addRatio((long) a * c, (long) b * d);
                how = "Write both over the common denominator " + l + ": " + (a * (l / b)) + "/" + l + " + " + (c * (l / d)) + "/" + l
                        + " = " + simplest(a * (l / b) + c * (l / d), l, result);
            }
            case "-" -> {
                result = x.minus(y);
                wrong = wrongFractions(result, l).addRatio(a - c, b - d).add(Fraction.of(a - c, Math.max(b, d)))
                        .add(y.minus(x)).add(x.plus(y));
                how = "Write both over the common denominator " + l + ": " + (a * (l / b)) + "/" + l + " - " + (c * (l / d)) + "/" + l
                        + " = " + simplest(a * (l / b) - c * (l / d), l, result);
            }
            case "×" -> {
                result = x.times(y);
                wrong = wrongFractions(result, (long) b * d).addRatio((long) a * d, (long) b * c).addRatio((long) a * c, b + d)
                        .add(x.plus(y));
                how = "Multiply the numerators and the denominators: " + a + " × " + c + " = " + (a * c) + " and " + b + " × " + d
                        + " = " + (b * d) + ", so the product is " + simplest((long) a * c, (long) b * d, result);
            }
            default -> {
                result = x.dividedBy(y);
                wrong = wrongFractions(result, (long) b * c).add(x.times(y)).addRatio((long) b * c, (long) a * d)
                        .addRatio(a, (long) b * c);
                how = "Dividing by " + right + " is multiplying by " + d + "/" + c + ": " + left + " × " + d + "/" + c + " = "
                        + simplest((long) a * d, (long) b * c, result);
            }
        }
        String expr = left + " " + op + " " + right;
        return new Problem("fraction", "What is " + expr + "?", expr + " = " + Problem.SLOT, expr,
                "Give your answer as a fraction in simplest form (or a whole number).", result.toString(), wrong.build(), how,
                result, "value");
    }

    /** The largest numerator up to n that has no common factor with the denominator, so operands are in simplest form. */
    private static int coprime(int n, int den) {
        int a = n;
        while (a > 1 && Fraction.gcd(a, den) != 1) {
            a--;
        }
        return a;
    }

    private static String simplest(long num, long den, Fraction result) {
        return num + "/" + den + (result.toString().equals(num + "/" + den) ? "." : ", which is " + result + " in simplest form.");
    }

    private static Problem simplify(int level, Rng rng) {
        int q = rng.between(2, level <= 7 ? 10 : 15);
        int p = rng.between(1, q - 1);
        while (Fraction.gcd(p, q) != 1) {
            p--;
        }
        int k = rng.between(2, level <= 7 ? 6 : 9);
        Fraction result = Fraction.of(p, q);
        Problem.Wrong wrong = wrongFractions(result, q).addRatio(q, p).addRatio(p, (long) k * q).addRatio((long) k * p, q)
                .addRatio(p + 1, q);
        String expr = (k * p) + "/" + (k * q) + " in simplest form";
        return new Problem("fraction", "What is " + expr + "?", expr + " = " + Problem.SLOT, expr,
                "Give a fraction whose numerator and denominator have no common factor.", result.toString(), wrong.build(),
                "Divide the numerator and the denominator by their greatest common factor " + k + ": " + (k * p) + " ÷ " + k
                        + " = " + p + " and " + (k * q) + " ÷ " + k + " = " + q + ", so it is " + result + ".",
                result, "value");
    }

    private static Problem.Wrong wrongFractions(Fraction result, long den) {
        return new Problem.Wrong(result, Fraction.of(1, Math.max(2, Math.min(den, 100))), Fraction::toString);
    }

    // ---------------------------------------------------------------- decimals

    static Problem decimal(int level, Rng rng) {
        int kind = level <= 6 ? rng.nextInt(2) : level <= 8 ? rng.nextInt(3) : rng.nextInt(4);
        int placesA = level <= 4 ? 1 : rng.between(1, 2);
        int placesB = level <= 4 ? 1 : rng.between(1, 2);
        if (kind >= 2) {
            placesA = 1;
            placesB = 1;
        }
        BigDecimal x = decimalNumber(rng, placesA, kind >= 2 ? 9 : level <= 4 ? 9 : 20);
        BigDecimal y = decimalNumber(rng, placesB, kind >= 2 ? 5 : level <= 4 ? 9 : 20);
        BigDecimal result;
        String op;
        Problem.Wrong wrong;
        String how;
        int scale = Math.max(x.scale(), y.scale());
        switch (kind) {
            case 1 -> {
                if (x.compareTo(y) < 0) {
                    BigDecimal t = x; x = y; y = t;
                }
                op = "-";
                result = x.subtract(y);
                wrong = wrongDecimals(result, scale).add(misaligned(x, y, false)).add(Fraction.of(y.subtract(x).abs().add(BigDecimal.ONE)))
                        .add(Fraction.of(x.add(y)));
                how = "Line up the decimal points and subtract: " + plain(x) + " - " + plain(y) + " = " + plain(result) + ".";
            }
            case 2 -> {
                op = "×";
                result = x.multiply(y);
                wrong = wrongDecimals(result, 2).add(Fraction.of(result.movePointRight(1))).add(Fraction.of(result.movePointLeft(1)))
                        .add(Fraction.of(x.add(y)));
                how = "Multiply as whole numbers, " + x.unscaledValue() + " × " + y.unscaledValue() + " = "
                        + x.unscaledValue().multiply(y.unscaledValue()) + ", then place the point " + (x.scale() + y.scale())
                        + " digits from the right: " + plain(result) + ".";
            }
            case 3 -> {
                op = "÷";
                BigDecimal product = x.multiply(y);
                result = x;
                x = product;
                wrong = wrongDecimals(result, 1).add(Fraction.of(result.movePointRight(1))).add(Fraction.of(result.movePointLeft(1)))
                        .add(Fraction.of(product.multiply(y)));
                how = "Check by multiplying: " + plain(result) + " × " + plain(y) + " = " + plain(product) + ", so " + plain(product)
                        + " ÷ " + plain(y) + " = " + plain(result) + ".";
            }
            default -> {
                op = "+";
                result = x.add(y);
                wrong = wrongDecimals(result, scale).add(misaligned(x, y, true)).add(Fraction.of(result.add(BigDecimal.ONE)));
                how = "Line up the decimal points and add: " + plain(x) + " + " + plain(y) + " = " + plain(result) + ".";
            }
        }
        String expr = plain(x) + " " + op + " " + plain(y);
        return new Problem("decimal", "What is " + expr + "?", expr + " = " + Problem.SLOT, expr, "Give your answer as a decimal.",
                plain(result), wrong.build(), how, Fraction.of(result), "value");
    }

    /** A number with exactly the given decimal places (its last digit is not 0). */
    private static BigDecimal decimalNumber(Rng rng, int places, int maxWhole) {
        int unit = places == 1 ? 10 : 100;
        int whole = rng.between(0, maxWhole);
        int part = rng.between(1, unit - 1);
        if (part % 10 == 0) {
            part++;
        }
        return BigDecimal.valueOf((long) whole * unit + part, places);
    }

    /** The mistake of lining up the last digits instead of the decimal points. */
    private static Fraction misaligned(BigDecimal x, BigDecimal y, boolean add) {
        if (x.scale() == y.scale()) {
            return null;
        }
        int scale = Math.max(x.scale(), y.scale());
        BigDecimal wrong = new BigDecimal(add ? x.unscaledValue().add(y.unscaledValue())
                : x.unscaledValue().subtract(y.unscaledValue()), scale);
        return Fraction.of(wrong);
    }

    private static Problem.Wrong wrongDecimals(BigDecimal result, int scale) {
        return new Problem.Wrong(Fraction.of(result), Fraction.of(1, scale <= 1 ? 10 : 100), Fraction::toDecimalString);
    }

    static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------- percentages

    static Problem percent(int level, Rng rng) {
        int kind = level <= 5 ? 0 : level <= 8 ? rng.nextInt(3) : rng.nextInt(4);
        int p = level <= 5 ? rng.pick(List.of(10, 20, 25, 50, 75)) : 5 * rng.between(1, 19);
        int n = 20 * rng.between(1, level <= 5 ? 10 : 20);
        int part = p * n / 100;
        return switch (kind) {
            case 1 -> {
                String expr = part + " out of " + n + " as a percent";
                Problem.Wrong wrong = wrongPercents(p).add(Fraction.of(part)).add(Fraction.of(100 - p)).addRatio(n, part)
                        .add(Fraction.of(p, 10));
                yield new Problem("percent", "What is " + expr + "?", expr + " = " + Problem.SLOT, expr, "Give a percentage, e.g. 40%.",
                        p + "%", wrong.build(), part + "/" + n + " = " + Fraction.of(part, n) + " = " + p + "/100 = " + p + "%.",
                        Fraction.of(p), "value");
            }
            case 2 -> {
                BigDecimal decimal = BigDecimal.valueOf(p, 2);
                String expr = plain(decimal) + " as a percent";
                Problem.Wrong wrong = wrongPercents(p).add(Fraction.of(p, 10)).add(Fraction.of(p * 10)).add(Fraction.of(p, 100));
                yield new Problem("percent", "What is " + expr + "?", expr + " = " + Problem.SLOT, expr, "Give a percentage, e.g. 40%.",
                        p + "%", wrong.build(), "Multiply by 100: " + plain(decimal) + " × 100 = " + p + ", so it is " + p + "%.",
                        Fraction.of(p), "value");
            }
            case 3 -> {
                boolean up = rng.nextBoolean();
                int result = up ? n + part : n - part;
                String expr = n + (up ? " increased by " : " decreased by ") + p + "%";
                Problem.Wrong wrong = wrongIntegers(result).add(Fraction.of(part)).add(Fraction.of(up ? n - part : n + part))
                        .add(Fraction.of(up ? n + p : n - p));
                yield new Problem("percent", "What is " + expr + "?", expr + " = " + Problem.SLOT, expr, "Give a number.",
                        Integer.toString(result), wrong.build(), p + "% of " + n + " is " + part + ", and " + n + (up ? " + " : " - ")
                                + part + " = " + result + ".",
                        Fraction.of(result), "value");
            }
            default -> {
                String expr = p + "% of " + n;
                Problem.Wrong wrong = wrongIntegers(part).add(Fraction.of(n - part)).add(Fraction.of(part * 10L))
                        .add(Fraction.of(part, 10)).add(Fraction.of(p + n));
                yield new Problem("percent", "What is " + expr + "?", expr + " = " + Problem.SLOT, expr, "Give a number.",
                        Integer.toString(part), wrong.build(), p + "% means " + p + "/100, and " + p + "/100 × " + n + " = " + part + ".",
                        Fraction.of(part), "value");
            }
        };
    }

    private static Problem.Wrong wrongPercents(int p) {
        return new Problem.Wrong(Fraction.of(p), Fraction.of(5), v -> {
            String d = v.toDecimalString();
            return d == null ? null : d + "%";
        });
    }

    static Problem.Wrong wrongIntegers(long answer) {
        return new Problem.Wrong(Fraction.of(answer), Fraction.ONE, Fraction::toDecimalString);
    }
}
