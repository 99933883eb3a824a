package org.toolboxai.provider.offline.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Computed exercises for the K-12 skills beyond fractions, decimals, percentages, ratios,
 * equations and plane figures: counting, place value, the four operations, integers, order of
 * operations, powers and roots, inequalities, systems, quadratics, slope, the Pythagorean theorem,
 * volume, circles, mean/median/mode and probability. Every answer is right by construction and
 * every prompt shows the skill it exercises.
 */
final class MathSkills {

    private static final List<String> UNITS = List.of("cm", "m", "in", "ft");
    private static final int[][] TRIPLES = {{3, 4, 5}, {5, 12, 13}, {8, 15, 17}, {7, 24, 25}, {20, 21, 29}};
    private static final BigDecimal PI = new BigDecimal("3.14");

    private MathSkills() {
    }

    // ---------------------------------------------------------------- counting and place value

    static Problem counting(int level, Rng rng) {
        if (level <= 0 || rng.nextBoolean()) {
            int n = rng.between(3, level <= 0 ? 20 : 30);
            String stars = "★".repeat(n);
            Problem.Wrong wrong = MathExercises.wrongIntegers(n).add(Fraction.of(n - 1)).add(Fraction.of(n + 1)).add(Fraction.of(n + 2));
            return new Problem("counting", "Count the stars: " + stars + ". How many stars are there?",
                    "The number of stars in " + stars + " is " + Problem.SLOT, stars, "Give a whole number.",
                    Integer.toString(n), wrong.build(), "Touch and count each star once: there are " + n + " stars.",
                    Fraction.of(n), "number of stars");
        }
        int step = level <= 1 ? 1 : rng.pick(List.of(1, 2, 5, 10));
        int start = step * rng.between(1, level <= 1 ? 19 : 20);
        int answer = start + step;
        String by = step == 1 ? "by ones" : "by " + step + "s";
        Problem.Wrong wrong = MathExercises.wrongIntegers(answer).add(Fraction.of(start + 1)).add(Fraction.of(start - step))
                .add(Fraction.of(answer + step));
        return new Problem("counting", "When you count " + by + ", what number comes after " + start + "?",
                "Counting " + by + ", the number after " + start + " is " + Problem.SLOT, "count " + by + " after " + start,
                "Give a whole number.", Integer.toString(answer), wrong.build(),
                "Counting " + by + " adds " + step + " each time: " + start + " + " + step + " = " + answer + ".",
                Fraction.of(answer), "number");
    }

    static Problem placeValue(int level, Rng rng) {
        int digits = level <= 2 ? 2 : level <= 4 ? 3 : rng.between(4, 5);
        List<Integer> pool = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 0));
        pool = rng.shuffle(pool);
        if (pool.get(0) == 0) {
            pool.add(pool.remove(0));
        }
        StringBuilder number = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            number.append(pool.get(i));
        }
        int position = rng.between(0, digits - 1);
        int digit = pool.get(digits - 1 - position);
        if (digit == 0) {
            position = (position + 1) % digits;
            digit = pool.get(digits - 1 - position);
        }
        long place = (long) Math.pow(10, position);
        long answer = digit * place;
        Problem.Wrong wrong = MathExercises.wrongIntegers(answer).add(Fraction.of(digit)).add(Fraction.of(answer * 10))
                .add(Fraction.of(place)).add(Fraction.of(position == 0 ? digit * 100L : answer / 10));
        String n = number.toString();
        return new Problem("place value", "What is the value of the digit " + digit + " in " + n + "?",
                "In " + n + " the value of the digit " + digit + " is " + Problem.SLOT, "the digit " + digit + " in " + n,
                "Give a whole number.", Long.toString(answer), wrong.build(), "The " + digit + " stands in the "
                        + placeName(position) + " place, so it is worth " + digit + " × " + place + " = " + answer + ".",
                Fraction.of(answer), "value of the digit");
    }

    private static String placeName(int position) {
        return List.of("ones", "tens", "hundreds", "thousands", "ten thousands").get(position);
    }

    // ---------------------------------------------------------------- the four operations and integers

    /** One operation ({@code + - × ÷}) with numbers sized for the level. */
    static Problem operation(String op, int level, Rng rng) {
        int a;
        int b;
        switch (op) {
            case "+", "-" -> {
                int max = level <= 1 ? 10 : level <= 3 ? 99 : level <= 5 ? 999 : 9999;
                int min = level <= 1 ? 1 : level <= 3 ? 10 : level <= 5 ? 100 : 1000;
                a = rng.between(min, max);
                b = rng.between(min, max);
                if (op.equals("-") && a < b) {
                    int t = a;
                    a = b;
                    b = t;
                }
                if (op.equals("-") && a == b) {
                    a++;
                }
            }
            default -> {
                int maxA = level <= 3 ? 10 : level <= 5 ? 12 : level <= 7 ? 99 : 999;
                int maxB = level <= 3 ? 10 : level <= 5 ? 12 : level <= 7 ? 19 : 99;
                a = rng.between(2, maxA);
                b = rng.between(level <= 7 ? 2 : 11, maxB);
            }
        }
        return MathWordProblems.arithmetic(op, a, b);
    }

    static Problem integers(int level, Rng rng) {
        int max = level <= 7 ? 20 : 50;
        int a = rng.between(-max, max);
        int b = rng.between(-max, -1);
        if (rng.nextBoolean()) {
            b = -b;
            a = -Math.abs(a) - 1;
        }
        return MathWordProblems.arithmetic(rng.nextBoolean() ? "+" : "-", a, b);
    }

    static Problem orderOfOperations(int level, Rng rng) {
        int a = rng.between(2, level <= 6 ? 9 : 20);
        int b = rng.between(2, 9);
        int c = rng.between(2, 9);
        String expr;
        long answer;
        long leftToRight;
        switch (rng.nextInt(3)) {
            case 0 -> {
                expr = a + " + " + b + " × " + c;
                answer = a + (long) b * c;
                leftToRight = (long) (a + b) * c;
            }
            case 1 -> {
                int d = rng.between(1, 9);
                expr = "(" + (a + b) + " - " + b + ") × " + c + " + " + d;
                answer = (long) a * c + d;
                leftToRight = (long) a * (c + d);
            }
            default -> {
                // a × c - b × c stays positive: negative numbers are another skill
                if (a <= b) {
                    a = b + rng.between(1, 5);
                }
                expr = a * c + " - " + b + " × " + c;
                answer = (long) a * c - (long) b * c;
                leftToRight = (long) (a * c - b) * c;
            }
        }
        Problem.Wrong wrong = MathExercises.wrongIntegers(answer).add(Fraction.of(leftToRight)).add(Fraction.of(answer + c))
                .add(Fraction.of(-answer));
        return new Problem("order of operations", "What is " + expr + "?", expr + " = " + Problem.SLOT, expr,
                "Give a whole number.", Long.toString(answer), wrong.build(), "Brackets first, then × and ÷, then + and -: "
                        + expr + " = " + answer + ".",
                Fraction.of(answer), "value");
    }

    static Problem powers(int level, Rng rng) {
        if (level >= 6 && rng.nextBoolean()) {
            int root = rng.between(2, level <= 8 ? 12 : 20);
            long square = (long) root * root;
            Problem.Wrong wrong = MathExercises.wrongIntegers(root).add(Fraction.of(square / 2)).add(Fraction.of(root + 1))
                    .add(Fraction.of(root - 1));
            return new Problem("roots", "What is the square root of " + square + "?", "The square root of " + square + " is "
                    + Problem.SLOT, "the square root of " + square, "Give a whole number.", Integer.toString(root), wrong.build(),
                    root + " × " + root + " = " + square + ", so the square root of " + square + " is " + root + ".",
                    Fraction.of(root), "value");
        }
        int base = rng.between(2, level <= 6 ? 5 : 10);
        int exponent = rng.between(2, base <= 3 ? 5 : 3);
        long answer = 1;
        for (int i = 0; i < exponent; i++) {
            answer *= base;
        }
        Problem.Wrong wrong = MathExercises.wrongIntegers(answer).add(Fraction.of((long) base * exponent))
                .add(Fraction.of(answer / base)).add(Fraction.of(answer * base));
        String expr = base + " to the power of " + exponent;
        return new Problem("powers", "What is " + expr + "?", expr + " is " + Problem.SLOT, expr, "Give a whole number.",
                Long.toString(answer), wrong.build(), "Multiply " + base + " by itself " + exponent + " times: "
                        + String.join(" × ", java.util.Collections.nCopies(exponent, Integer.toString(base))) + " = " + answer + ".",
                Fraction.of(answer), "value");
    }

    // ---------------------------------------------------------------- algebra

    static Problem inequality(int level, Rng rng) {
        int a = rng.between(2, 9);
        int boundary = level >= 8 ? rng.between(-10, 12) : rng.between(1, 12);
        int b = rng.between(1, 20);
        int c = a * boundary + b;
        int answer = boundary + 1;
        String word = level >= 8 ? "integer" : "whole number";
        String ineq = a + "x + " + b + " > " + c;
        Problem.Wrong wrong = MathExercises.wrongIntegers(answer).add(Fraction.of(boundary)).add(Fraction.of(c - b))
                .add(Fraction.of(answer + 1));
        return new Problem("inequalities", "Solve " + ineq + ". What is the smallest " + word + " x can be?",
                "If " + ineq + ", the smallest " + word + " x can be is " + Problem.SLOT, ineq, "Give a whole number.",
                Integer.toString(answer), wrong.build(), "Subtract " + b + ": " + a + "x > " + (c - b) + ". Divide by " + a
                        + ": x > " + boundary + ", so the smallest " + word + " is " + answer + ".",
                Fraction.of(answer), "value of x");
    }

    static Problem system(int level, Rng rng) {
        int x = rng.between(level >= 9 ? -5 : 1, 12);
        int y = rng.between(level >= 9 ? -5 : 1, 12);
        if (x == y) {
            x++;
        }
        int k = level >= 9 ? rng.between(1, 3) : 1;
        String first = (k == 1 ? "" : k) + "x + y = " + (k * x + y);
        String second = "x - y = " + (x - y);
        String system = first + " and " + second;
        Problem.Wrong wrong = MathExercises.wrongIntegers(x).add(Fraction.of(y)).add(Fraction.of(-x)).add(Fraction.of(x + y));
        return new Problem("systems of equations", "Solve the system " + system + ". What is x?", "In the system " + system
                + ", x is " + Problem.SLOT, system, "Give a whole number.", Integer.toString(x), wrong.build(),
                "Add the two equations: " + (k + 1) + "x = " + (k * x + y + x - y) + ", so x is " + x + " (and y = " + y + ").",
                Fraction.of(x), "value of x");
    }

    static Problem quadratic(int level, Rng rng) {
        int r1 = rng.between(-9, 9);
        int r2 = rng.between(-9, 9);
        if (r1 == r2) {
            r2 = r1 + rng.between(1, 5);
        }
        int small = Math.min(r1, r2);
        int large = Math.max(r1, r2);
        long b = -((long) small + large);
        long c = (long) small * large;
        String equation = "x²" + term(b, "x") + term(c, "") + " = 0";
        Problem.Wrong wrong = MathExercises.wrongIntegers(large).add(Fraction.of(small)).add(Fraction.of(-large))
                .add(Fraction.of(large + 1));
        return new Problem("quadratic equations", "Solve by factoring: " + equation + ". What is the larger solution?",
                "The larger solution of " + equation + " is " + Problem.SLOT, equation, "Give a whole number.",
                Integer.toString(large), wrong.build(), "Factor: (x" + term(-small, "") + ")(x" + term(-large, "")
                        + ") = 0, so x = " + small + " or x = " + large + "; the larger is " + large + ".",
                Fraction.of(large), "larger solution");
    }

    /** " + 5x", " - 3", or "" for a zero coefficient. */
    private static String term(long coefficient, String variable) {
        if (coefficient == 0) {
            return "";
        }
        long size = Math.abs(coefficient);
        return (coefficient < 0 ? " - " : " + ") + (size == 1 && !variable.isEmpty() ? "" : Long.toString(size)) + variable;
    }

    static Problem slope(int level, Rng rng) {
        int m = rng.between(level >= 8 ? -5 : 1, 5);
        if (m == 0) {
            m = 2;
        }
        if (level >= 9 && rng.nextBoolean()) {
            int b = rng.between(-9, 9);
            String line = "y = " + (m == 1 ? "" : m == -1 ? "-" : Integer.toString(m)) + "x" + term(b, "");
            Problem.Wrong wrong = MathExercises.wrongIntegers(m).add(Fraction.of(b)).add(Fraction.of(-m)).add(Fraction.of(m + b));
            return new Problem("slope", "What is the slope of the line " + line + "?", "The slope of the line " + line + " is "
                    + Problem.SLOT, "the line " + line, "Give a whole number.", Integer.toString(m), wrong.build(),
                    "In y = mx + b the slope is m, the number in front of x: " + m + ".", Fraction.of(m), "slope");
        }
        int x1 = rng.between(-5, 5);
        int dx = rng.between(1, 5);
        int y1 = rng.between(-5, 5);
        int x2 = x1 + dx;
        int y2 = y1 + m * dx;
        String points = "(" + x1 + ", " + y1 + ") and (" + x2 + ", " + y2 + ")";
        Problem.Wrong wrong = MathExercises.wrongIntegers(m).add(Fraction.of(-m)).add(Fraction.of((long) m * dx))
                .add(Fraction.of(m + 1));
        return new Problem("slope", "What is the slope of the line through " + points + "?", "The slope of the line through "
                + points + " is " + Problem.SLOT, "the line through " + points, "Give a whole number.", Integer.toString(m),
                wrong.build(), "Slope = rise ÷ run = (" + y2 + " - " + y1 + ") ÷ (" + x2 + " - " + x1 + ") = " + (m * dx)
                        + " ÷ " + dx + " = " + m + ".",
                Fraction.of(m), "slope");
    }

    // ---------------------------------------------------------------- geometry

    static Problem pythagorean(int level, Rng rng) {
        int[] t = TRIPLES[rng.nextInt(level <= 8 ? 3 : TRIPLES.length)];
        int k = rng.between(1, t[2] > 20 ? 1 : 3);
        int a = t[0] * k;
        int b = t[1] * k;
        int c = t[2] * k;
        String unit = rng.pick(UNITS);
        if (rng.nextBoolean()) {
            Problem.Wrong wrong = lengths(c, unit).add(Fraction.of(a + b)).add(Fraction.of(c + 1)).add(Fraction.of(b));
            String shape = "a right triangle with legs of " + a + " " + unit + " and " + b + " " + unit;
            return new Problem("pythagorean theorem", "How long is the hypotenuse of " + shape + "?", "The hypotenuse of "
                    + shape + " is " + Problem.SLOT, "hypotenuse, legs " + a + " and " + b + " " + unit,
                    "Give the number and the unit.", c + " " + unit, wrong.build(), "a² + b² = c²: " + a + "² + " + b + "² = "
                            + (a * a + b * b) + " = " + c + "², so the hypotenuse is " + c + " " + unit + ".",
                    Fraction.of(c), "length");
        }
        Problem.Wrong wrong = lengths(b, unit).add(Fraction.of(c - a)).add(Fraction.of(c)).add(Fraction.of(b + 1));
        String shape = "a right triangle with a hypotenuse of " + c + " " + unit + " and one leg of " + a + " " + unit;
        return new Problem("pythagorean theorem", "How long is the other leg of " + shape + "?", "The other leg of " + shape
                + " is " + Problem.SLOT, "other leg, hypotenuse " + c + " and leg " + a + " " + unit,
                "Give the number and the unit.", b + " " + unit, wrong.build(), "a² + b² = c²: " + c + "² - " + a + "² = "
                        + (c * c - a * a) + " = " + b + "², so the other leg is " + b + " " + unit + ".",
                Fraction.of(b), "length");
    }

    static Problem volume(int level, Rng rng) {
        String unit = rng.pick(UNITS);
        int max = level <= 5 ? 6 : 12;
        int l = rng.between(2, max);
        int w = rng.between(2, max);
        int h = rng.between(2, max);
        long answer = (long) l * w * h;
        Problem.Wrong wrong = new Problem.Wrong(Fraction.of(answer), Fraction.ONE, v -> v.isWhole() ? v.num() + " cubic " + unit : null)
                .add(Fraction.of(l + w + h)).add(Fraction.of(2L * (l * w + w * h + l * h))).add(Fraction.of((long) l * w));
        String shape = "a box " + l + " " + unit + " long, " + w + " " + unit + " wide and " + h + " " + unit + " high";
        return new Problem("volume", "What is the volume of " + shape + "?", "The volume of " + shape + " is " + Problem.SLOT,
                "volume of " + shape, "Give the number and the unit.", answer + " cubic " + unit, wrong.build(),
                "Volume = length × width × height = " + l + " × " + w + " × " + h + " = " + answer + " cubic " + unit + ".",
                Fraction.of(answer), "volume");
    }

    static Problem circle(int level, Rng rng) {
        String unit = rng.pick(UNITS);
        int r = rng.between(1, level <= 7 ? 10 : 20);
        boolean area = rng.nextBoolean();
        BigDecimal radius = BigDecimal.valueOf(r);
        BigDecimal answer = area ? PI.multiply(radius).multiply(radius) : PI.multiply(radius).multiply(BigDecimal.valueOf(2));
        String suffix = area ? " square " + unit : " " + unit;
        BigDecimal mistake = area ? PI.multiply(radius).multiply(BigDecimal.valueOf(2)) : PI.multiply(radius).multiply(radius);
        Problem.Wrong wrong = new Problem.Wrong(Fraction.of(answer), Fraction.of(new BigDecimal("3.14")),
                v -> v.toDecimalString() == null ? null : v.toDecimalString() + suffix)
                .add(Fraction.of(mistake)).add(Fraction.of(radius.multiply(radius))).add(Fraction.of(PI.multiply(radius)));
        String what = area ? "area" : "circumference";
        String shape = "a circle with a radius of " + r + " " + unit;
        String shown = MathExercises.plain(answer) + suffix;
        return new Problem("circles", "What is the " + what + " of " + shape + "? Use 3.14 for π.", "The " + what + " of "
                + shape + " is " + Problem.SLOT, what + " of " + shape, "Give the number and the unit.", shown, wrong.build(),
                (area ? "Area = π × r × r = 3.14 × " + r + " × " + r : "Circumference = 2 × π × r = 2 × 3.14 × " + r) + " = "
                        + shown + ".",
                Fraction.of(answer), what);
    }

    // ---------------------------------------------------------------- data and chance

    static Problem statistics(int level, Rng rng) {
        int n = level <= 5 ? 5 : 7;
        List<Integer> values = new ArrayList<>();
        int kind = rng.nextInt(3);
        for (int i = 0; i < n; i++) {
            values.add(rng.between(1, level <= 5 ? 20 : 50));
        }
        String measure;
        long answer;
        String how;
        if (kind == 0) {
            int sum = values.stream().mapToInt(Integer::intValue).sum();
            int fix = (n - sum % n) % n;
            values.set(n - 1, values.get(n - 1) + fix);
            sum += fix;
            measure = "mean";
            answer = sum / n;
            how = "Add them (" + sum + ") and divide by " + n + ": " + sum + " ÷ " + n + " = " + answer + ".";
        } else if (kind == 1) {
            measure = "median";
            List<Integer> sorted = values.stream().sorted().toList();
            answer = sorted.get(n / 2);
            how = "In order: " + join(sorted) + ". The middle value is " + answer + ".";
        } else {
            measure = "mode";
            List<Integer> distinct = new ArrayList<>();
            for (int i = 0; i < n - 1; i++) {
                int v = rng.between(1, level <= 5 ? 20 : 50);
                while (distinct.contains(v)) {
                    v = v % (level <= 5 ? 20 : 50) + 1;
                }
                distinct.add(v);
            }
            int twice = distinct.get(rng.nextInt(distinct.size()));
            List<Integer> withRepeat = new ArrayList<>(distinct);
            withRepeat.add(twice);
            values = rng.shuffle(withRepeat);
            answer = twice;
            how = answer + " appears twice and every other value once, so the mode is " + answer + ".";
        }
        List<Integer> shownValues = values;
        long sum = shownValues.stream().mapToLong(Integer::longValue).sum();
        Problem.Wrong wrong = MathExercises.wrongIntegers(answer).addRatio(sum, n)
                .add(Fraction.of(shownValues.stream().mapToInt(Integer::intValue).max().orElse(0)
                        - shownValues.stream().mapToInt(Integer::intValue).min().orElse(0)))
                .add(Fraction.of(shownValues.get(n / 2))).add(Fraction.of(shownValues.stream().sorted().toList().get(n / 2)));
        String list = join(shownValues);
        return new Problem(measure, "What is the " + measure + " of " + list + "?", "The " + measure + " of " + list + " is "
                + Problem.SLOT, measure + " of " + list, "Give a whole number.", Long.toString(answer), wrong.build(), how,
                Fraction.of(answer), measure);
    }

    private static String join(List<Integer> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    static Problem probability(int level, Rng rng) {
        List<String> colours = rng.shuffle(List.of("red", "blue", "green", "yellow"));
        int first = rng.between(1, level <= 6 ? 6 : 12);
        int second = rng.between(1, level <= 6 ? 6 : 12);
        int total = first + second;
        Fraction answer = Fraction.of(first, total);
        Problem.Wrong wrong = new Problem.Wrong(answer, Fraction.of(1, total), Fraction::toString).add(Fraction.of(second, total))
                .addRatio(first, second).addRatio(1, total).add(Fraction.of(first + 1, total + 1));
        String bag = "a bag with " + first + " " + colours.get(0) + " and " + second + " " + colours.get(1) + " marbles";
        return new Problem("probability", "You pick one marble without looking from " + bag + ". What is the probability "
                + "that it is " + colours.get(0) + "? Give a fraction.", "The probability of picking " + colours.get(0) + " from "
                + bag + " is " + Problem.SLOT, colours.get(0) + " from " + bag, "Give a fraction in simplest form.",
                answer.toString(), wrong.build(), first + " of the " + total + " marbles are " + colours.get(0) + ": "
                        + first + "/" + total + (answer.den() == total ? "" : " = " + answer) + ".",
                answer, "probability");
    }

    private static Problem.Wrong lengths(long answer, String unit) {
        return new Problem.Wrong(Fraction.of(answer), Fraction.ONE, v -> v.isWhole() && v.num() > 0 ? v.num() + " " + unit : null);
    }
}
