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

    /** The skills the offline generator can teach, each with exercises that show it. */
    enum Topic {
        COUNTING, PLACE_VALUE, ADDITION, SUBTRACTION, MULTIPLICATION, DIVISION, FRACTION, DECIMAL, PERCENT, RATIO, INTEGER,
        ORDER_OF_OPERATIONS, POWERS, EQUATION, INEQUALITY, SYSTEM, QUADRATIC, SLOPE, PYTHAGOREAN, AREA, PERIMETER, VOLUME,
        CIRCLE, ANGLE, STATISTICS, PROBABILITY
    }

    /** Words that name a skill in any subject (a science objective about percentages gets percentages). */
    private static final Map<String, Topic> STRONG = Map.ofEntries(Map.entry("fraction", Topic.FRACTION),
            Map.entry("numerator", Topic.FRACTION), Map.entry("denominator", Topic.FRACTION), Map.entry("decimal", Topic.DECIMAL),
            Map.entry("percent", Topic.PERCENT), Map.entry("%", Topic.PERCENT), Map.entry("ratio", Topic.RATIO),
            Map.entry("equation", Topic.EQUATION), Map.entry("area", Topic.AREA), Map.entry("perimeter", Topic.PERIMETER),
            Map.entry("pythag", Topic.PYTHAGOREAN), Map.entry("hypotenuse", Topic.PYTHAGOREAN),
            Map.entry("quadratic", Topic.QUADRATIC), Map.entry("inequalit", Topic.INEQUALITY),
            Map.entry("probabilit", Topic.PROBABILITY), Map.entry("volume", Topic.VOLUME));

    /** Words that name a skill only in a mathematics lesson ("rate" in biology is a heart rate). */
    private static final Map<String, Topic> WEAK = Map.ofEntries(Map.entry("angle", Topic.ANGLE), Map.entry("triangle", Topic.ANGLE),
            Map.entry("proportion", Topic.RATIO), Map.entry("rate", Topic.RATIO), Map.entry("algebra", Topic.EQUATION),
            Map.entry("variable", Topic.EQUATION), Map.entry("solve for", Topic.EQUATION), Map.entry("unknown", Topic.EQUATION),
            Map.entry("linear", Topic.EQUATION), Map.entry("count", Topic.COUNTING), Map.entry("place value", Topic.PLACE_VALUE),
            Map.entry("digit", Topic.PLACE_VALUE), Map.entry("add", Topic.ADDITION), Map.entry("addition", Topic.ADDITION),
            Map.entry("sum", Topic.ADDITION), Map.entry("subtract", Topic.SUBTRACTION), Map.entry("subtraction", Topic.SUBTRACTION),
            Map.entry("difference", Topic.SUBTRACTION), Map.entry("multipl", Topic.MULTIPLICATION),
            Map.entry("times table", Topic.MULTIPLICATION), Map.entry("product", Topic.MULTIPLICATION),
            Map.entry("divi", Topic.DIVISION), Map.entry("quotient", Topic.DIVISION), Map.entry("integer", Topic.INTEGER),
            Map.entry("negative number", Topic.INTEGER), Map.entry("order of operations", Topic.ORDER_OF_OPERATIONS),
            Map.entry("pemdas", Topic.ORDER_OF_OPERATIONS), Map.entry("bodmas", Topic.ORDER_OF_OPERATIONS),
            Map.entry("exponent", Topic.POWERS), Map.entry("power", Topic.POWERS), Map.entry("square root", Topic.POWERS),
            Map.entry("root", Topic.POWERS), Map.entry("system of equation", Topic.SYSTEM),
            Map.entry("systems of equation", Topic.SYSTEM), Map.entry("systems of two", Topic.SYSTEM),
            Map.entry("systems of linear", Topic.SYSTEM), Map.entry("simultaneous equation", Topic.SYSTEM),
            Map.entry("slope", Topic.SLOPE), Map.entry("graph linear", Topic.SLOPE), Map.entry("graphing linear", Topic.SLOPE),
            Map.entry("linear function", Topic.SLOPE), Map.entry("circle", Topic.CIRCLE),
            Map.entry("circumference", Topic.CIRCLE), Map.entry("radius", Topic.CIRCLE), Map.entry("mean", Topic.STATISTICS),
            Map.entry("median", Topic.STATISTICS), Map.entry("mode", Topic.STATISTICS), Map.entry("average", Topic.STATISTICS),
            Map.entry("chance", Topic.PROBABILITY));

    /** The operations: only a skill of their own when nothing more specific ("add fractions") is named. */
    private static final java.util.Set<Topic> OPERATIONS = java.util.EnumSet.of(Topic.ADDITION, Topic.SUBTRACTION,
            Topic.MULTIPLICATION, Topic.DIVISION);

    /** Specific skills and the general ones they make redundant ("area of a circle" is about circles). */
    private static final Map<Topic, java.util.Set<Topic>> SUPERSEDES = Map.of(
            Topic.CIRCLE, java.util.EnumSet.of(Topic.AREA, Topic.PERIMETER),
            Topic.PYTHAGOREAN, java.util.EnumSet.of(Topic.ANGLE, Topic.AREA),
            Topic.QUADRATIC, java.util.EnumSet.of(Topic.EQUATION),
            Topic.SYSTEM, java.util.EnumSet.of(Topic.EQUATION),
            Topic.INEQUALITY, java.util.EnumSet.of(Topic.EQUATION),
            Topic.SLOPE, java.util.EnumSet.of(Topic.EQUATION),
            Topic.VOLUME, java.util.EnumSet.of(Topic.AREA));

    private MathExercises() {
    }

    /**
     * The skills an objective names, in the order it names them: in a maths lesson any skill word,
     * elsewhere only the unmistakable ones. Empty when it names none the generator can teach (the
     * provider then reports that objective instead of setting exercises of another skill);
     * chemistry's "equations" are not algebra.
     */
    static List<Topic> topics(String objective, boolean mathSubject) {
        String text = objective.toLowerCase(Locale.ROOT);
        if (text.contains("chemical") || text.contains("chemistry")) {
            return List.of();
        }
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
        for (Map.Entry<Topic, java.util.Set<Topic>> s : SUPERSEDES.entrySet()) {
            if (topics.contains(s.getKey())) {
                topics.removeAll(s.getValue());
            }
        }
        if (topics.stream().anyMatch(t -> !OPERATIONS.contains(t))) {
            topics.removeAll(OPERATIONS);
        }
        return topics;
    }

    private static void find(String text, Map<String, Topic> keywords, TreeMap<Integer, Topic> found) {
        for (Map.Entry<String, Topic> k : keywords.entrySet()) {
            int at = k.getKey().equals("%") ? text.indexOf('%') : indexOfWord(text, k.getKey());
            if (at >= 0) {
                found.merge(at, k.getValue(), (a, b) -> a.ordinal() >= b.ordinal() ? a : b);
            }
        }
    }

    /** Keys that are word stems: "multipl" is multiply, multiplying and multiplication. */
    private static final java.util.Set<String> STEMS = java.util.Set.of("multipl", "divi", "pythag", "inequalit", "probabilit",
            "percent");
    /** Keys that take no ending: "means" and "meaning" are not the mean. */
    private static final java.util.Set<String> WHOLE = java.util.Set.of("mean", "mode", "sum");
    /** Endings a whole-word key may take: "angles", "counting", "proportional"; not "model" for "mode". */
    private static final java.util.regex.Pattern ENDING = java.util.regex.Pattern.compile("(?:s|es|d|ed|ing|al|ally|ation|ations)?");

    /** Where a word starts: at a word boundary, followed by a plural or verb ending at most ("triangle" is not "angle"). */
    private static int indexOfWord(String text, String word) {
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            if (at > 0 && Character.isLetter(text.charAt(at - 1))) {
                continue;
            }
            int end = at + word.length();
            int wordEnd = end;
            while (wordEnd < text.length() && Character.isLetter(text.charAt(wordEnd))) {
                wordEnd++;
            }
            String ending = text.substring(end, wordEnd);
            if (STEMS.contains(word) || (WHOLE.contains(word) ? ending.isEmpty() : ENDING.matcher(ending).matches())) {
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
            case COUNTING -> MathSkills.counting(level, rng);
            case PLACE_VALUE -> MathSkills.placeValue(level, rng);
            case ADDITION -> MathSkills.operation("+", level, rng);
            case SUBTRACTION -> MathSkills.operation("-", level, rng);
            case MULTIPLICATION -> MathSkills.operation("×", level, rng);
            case DIVISION -> MathSkills.operation("÷", level, rng);
            case INTEGER -> MathSkills.integers(level, rng);
            case ORDER_OF_OPERATIONS -> MathSkills.orderOfOperations(level, rng);
            case POWERS -> MathSkills.powers(level, rng);
            case INEQUALITY -> MathSkills.inequality(level, rng);
            case SYSTEM -> MathSkills.system(level, rng);
            case QUADRATIC -> MathSkills.quadratic(level, rng);
            case SLOPE -> MathSkills.slope(level, rng);
            case PYTHAGOREAN -> MathSkills.pythagorean(level, rng);
            case VOLUME -> MathSkills.volume(level, rng);
            case CIRCLE -> MathSkills.circle(level, rng);
            case STATISTICS -> MathSkills.statistics(level, rng);
            case PROBABILITY -> MathSkills.probability(level, rng);
            case RATIO, EQUATION, AREA, PERIMETER, ANGLE -> MathWordProblems.problem(topic, level, rng);
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
