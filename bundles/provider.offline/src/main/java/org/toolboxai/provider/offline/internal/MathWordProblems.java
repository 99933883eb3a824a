package org.toolboxai.provider.offline.internal;

import java.util.List;

/**
 * Computed maths exercises with whole-number answers: ratios, linear equations (built from their
 * solution, so it is always a whole number), area, perimeter, angles, and one operation on two numbers.
 */
final class MathWordProblems {

    private static final List<String> UNITS = List.of("cm", "m", "in", "ft");
    private static final List<String[]> THINGS = List.of(new String[] {"red counters", "blue counters", "counters in the bag"},
            new String[] {"cats", "dogs", "pets at the shelter"}, new String[] {"boys", "girls", "children on the trip"},
            new String[] {"apples", "pears", "fruits in the basket"}, new String[] {"fiction", "non-fiction", "books on the shelf"});

    private MathWordProblems() {
    }

    static Problem problem(MathExercises.Topic topic, int level, Rng rng) {
        return switch (topic) {
            case RATIO -> ratio(level, rng);
            case EQUATION -> equation(level, rng);
            case AREA -> area(level, rng);
            case PERIMETER -> perimeter(level, rng);
            case ANGLE -> angle(level, rng);
            default -> throw new IllegalArgumentException("no word problems for " + topic);
        };
    }

    // ---------------------------------------------------------------- ratios

    static Problem ratio(int level, Rng rng) {
        int a = rng.between(1, 9);
        int b = rng.between(1, 9);
        while (b == a || Fraction.gcd(a, b) != 1) {
            b = b % 9 + 1;
        }
        int k = rng.between(2, level <= 6 ? 6 : 12);
        int kind = level <= 5 ? rng.nextInt(2) : rng.nextInt(3);
        String[] things = rng.pick(THINGS);
        if (kind == 0) {
            String expr = "the ratio " + (k * a) + ":" + (k * b) + " in simplest form";
            Problem.Wrong wrong = new Problem.Wrong(Fraction.of(a, b), Fraction.ONE, v -> v.num() + ":" + v.den())
                    .addRatio(b, a).addRatio(a + 1, b).addRatio(a, b + 1).addRatio((long) k * a, b);
            return new Problem("ratio", "What is " + expr + "?", expr + " = " + Problem.SLOT, (k * a) + ":" + (k * b),
                    "Write the ratio like 2:3.", a + ":" + b, wrong.build(), "Both parts share the factor " + k + ": " + (k * a)
                            + " ÷ " + k + " = " + a + " and " + (k * b) + " ÷ " + k + " = " + b + ", so it is " + a + ":" + b + ".",
                    Fraction.of(a, b), "ratio");
        }
        if (kind == 1) {
            int given = k * a;
            int answer = k * b;
            Problem.Wrong wrong = MathExercises.wrongIntegers(answer).add(Fraction.of(given + (b - a))).add(Fraction.of(given))
                    .add(Fraction.of((long) given * b)).add(Fraction.of(k + b));
            String setup = "The ratio of " + things[0] + " to " + things[1] + " is " + a + ":" + b + ". There are " + given + " "
                    + things[0] + ".";
            return new Problem("ratio", setup + " How many " + things[1] + " are there?", setup + " So there are " + Problem.SLOT
                    + " " + things[1], a + ":" + b + " with " + given + " " + things[0], "Give a whole number.",
                    Integer.toString(answer), wrong.build(), given + " ÷ " + a + " = " + k + " groups, and " + k + " × " + b
                            + " = " + answer + " " + things[1] + ".",
                    Fraction.of(answer), "number of " + things[1]);
        }
        int total = k * (a + b);
        int larger = k * Math.max(a, b);
        Problem.Wrong wrong = MathExercises.wrongIntegers(larger).add(Fraction.of(k * Math.min(a, b))).addRatio(total, 2)
                .add(Fraction.of((long) total * Math.max(a, b))).add(Fraction.of(k));
        String setup = "There are " + total + " " + things[2] + " in the ratio " + a + ":" + b + " of " + things[0] + " to "
                + things[1] + ".";
        return new Problem("ratio", setup + " How many are in the larger group?", setup + " The larger group has " + Problem.SLOT,
                total + " shared " + a + ":" + b + ", larger part", "Give a whole number.", Integer.toString(larger), wrong.build(),
                a + " + " + b + " = " + (a + b) + " parts, each part is " + total + " ÷ " + (a + b) + " = " + k
                        + ", so the larger group is " + Math.max(a, b) + " × " + k + " = " + larger + ".",
                Fraction.of(larger), "size of the larger part");
    }

    // ---------------------------------------------------------------- equations

    static Problem equation(int level, Rng rng) {
        int kind = level <= 5 ? rng.nextInt(2) : level <= 9 ? rng.between(1, 3) : rng.between(1, 4);
        int x = level >= 8 ? rng.between(-10, 15) : rng.between(1, 12);
        if (x == 0) {
            x = 7;
        }
        int a = rng.between(2, level <= 7 ? 9 : 12);
        int b = rng.between(1, level <= 7 ? 20 : 30);
        String lhs;
        int c;
        Problem.Wrong wrong = MathExercises.wrongIntegers(x).add(Fraction.of(-x));
        String how;
        switch (kind) {
            case 0 -> {
                boolean plus = rng.nextBoolean() || (level < 8 && b >= x);
                c = plus ? x + b : x - b;
                lhs = plus ? "x + " + b : "x - " + b;
                wrong.add(Fraction.of(plus ? c + b : c - b));
                how = (plus ? "Subtract " + b + " from" : "Add " + b + " to") + " both sides: x = " + c + (plus ? " - " : " + ") + b
                        + " = " + x + ".";
            }
            case 1 -> {
                c = a * x;
                lhs = a + "x";
                wrong.add(Fraction.of(c - a)).add(Fraction.of((long) c * a)).add(Fraction.of(c));
                how = "Divide both sides by " + a + ": x = " + c + " ÷ " + a + " = " + x + ".";
            }
            case 2 -> {
                c = a * x + b;
                lhs = a + "x + " + b;
                wrong.add(Fraction.of(c - b)).addRatio(c + b, a).addRatio(c, a).add(Fraction.of((c - b) - a));
                how = "Subtract " + b + " from both sides: " + a + "x = " + (c - b) + ". Divide by " + a + ": x = " + x + ".";
            }
            case 3 -> {
                c = a * x - b;
                lhs = a + "x - " + b;
                wrong.add(Fraction.of(c + b)).addRatio(c - b, a).addRatio(c, a);
                how = "Add " + b + " to both sides: " + a + "x = " + (c + b) + ". Divide by " + a + ": x = " + x + ".";
            }
            default -> {
                b = rng.between(1, 9);
                c = a * (x + b);
                lhs = a + "(x + " + b + ")";
                wrong.addRatio(c, a).add(Fraction.of(c - b)).addRatio(c - b, a);
                how = "Divide both sides by " + a + ": x + " + b + " = " + (c / a) + ". Subtract " + b + ": x = " + x + ".";
            }
        }
        String eq = lhs + " = " + c;
        return new Problem("equation", "Solve for x: " + eq + ". What is x?", "If " + eq + ", then x = " + Problem.SLOT, eq,
                "Give the value of x as a whole number.", Integer.toString(x), wrong.build(), how
                        + " Check: put x = " + x + " back into " + eq + ".",
                Fraction.of(x), "the value of x");
    }

    // ---------------------------------------------------------------- geometry

    static Problem area(int level, Rng rng) {
        String unit = rng.pick(UNITS);
        int max = level <= 3 ? 10 : level <= 6 ? 20 : 30;
        if (level >= 6 && rng.nextBoolean()) {
            int base = 2 * rng.between(1, max / 2);
            int height = rng.between(2, max);
            int answer = base * height / 2;
            Problem.Wrong wrong = wrongUnits(answer, "square " + unit).add(Fraction.of((long) base * height))
                    .add(Fraction.of(base + height)).add(Fraction.of(base * height / 4 == 0 ? 1 : base * height / 4));
            String shape = "a triangle with base " + base + " " + unit + " and height " + height + " " + unit;
            return new Problem("area", "What is the area of " + shape + "?", "The area of " + shape + " is " + Problem.SLOT,
                    "Area of " + shape, "Give the number and the unit.", answer + " square " + unit, wrong.build(),
                    "Area of a triangle = base × height ÷ 2 = " + base + " × " + height + " ÷ 2 = " + answer + " square " + unit + ".",
                    Fraction.of(answer), "area");
        }
        int length = rng.between(2, max);
        int width = rng.between(2, max);
        int answer = length * width;
        Problem.Wrong wrong = wrongUnits(answer, "square " + unit).add(Fraction.of(2L * (length + width)))
                .add(Fraction.of(length + width)).add(Fraction.of(answer * 2L));
        String shape = "a rectangle " + length + " " + unit + " long and " + width + " " + unit + " wide";
        return new Problem("area", "What is the area of " + shape + "?", "The area of " + shape + " is " + Problem.SLOT,
                "Area of " + shape, "Give the number and the unit.", answer + " square " + unit, wrong.build(),
                "Area of a rectangle = length × width = " + length + " × " + width + " = " + answer + " square " + unit + ".",
                Fraction.of(answer), "area");
    }

    static Problem perimeter(int level, Rng rng) {
        String unit = rng.pick(UNITS);
        int max = level <= 3 ? 10 : level <= 6 ? 20 : 40;
        int length = rng.between(2, max);
        int width = rng.between(2, max);
        if (level <= 3 && rng.nextBoolean()) {
            width = length;
        }
        int answer = 2 * (length + width);
        Problem.Wrong wrong = wrongUnits(answer, unit).add(Fraction.of((long) length * width)).add(Fraction.of(length + width))
                .add(Fraction.of(2L * length + width));
        String shape = length == width ? "a square with sides of " + length + " " + unit
                : "a rectangle " + length + " " + unit + " long and " + width + " " + unit + " wide";
        return new Problem("perimeter", "What is the perimeter of " + shape + "?", "The perimeter of " + shape + " is "
                + Problem.SLOT, "Perimeter of " + shape, "Give the number and the unit.", answer + " " + unit, wrong.build(),
                "Add all four sides: " + length + " + " + width + " + " + length + " + " + width + " = " + answer + " " + unit + ".",
                Fraction.of(answer), "perimeter");
    }

    static Problem angle(int level, Rng rng) {
        int kind = level <= 4 ? 0 : level <= 6 ? rng.nextInt(3) : rng.between(1, 2);
        if (kind == 0 || kind == 1) {
            int whole = kind == 0 ? 90 : 180;
            int given = 5 * rng.between(1, whole / 5 - 1);
            int answer = whole - given;
            Problem.Wrong wrong = wrongUnits(answer, "degrees").add(Fraction.of((kind == 0 ? 180 : 90) - given))
                    .add(Fraction.of(360 - given)).add(Fraction.of(given));
            String setup = kind == 0 ? "A right angle is split into two angles. One of them measures " + given + " degrees."
                    : "Two angles lie on a straight line. One of them measures " + given + " degrees.";
            return new Problem("angle", setup + " What is the other angle?", setup + " The other angle measures " + Problem.SLOT,
                    (kind == 0 ? "Right angle minus " : "Straight line minus ") + given + " degrees",
                    "Give the number of degrees.", answer + " degrees", wrong.build(), "The angles add up to " + whole
                            + " degrees, so the other is " + whole + " - " + given + " = " + answer + " degrees.",
                    Fraction.of(answer), "size of the missing angle");
        }
        int first = 5 * rng.between(4, 20);
        int second = 5 * rng.between(4, 30 - first / 5);
        int answer = 180 - first - second;
        Problem.Wrong wrong = wrongUnits(answer, "degrees").add(Fraction.of(360 - first - second)).add(Fraction.of(first + second))
                .add(Fraction.of(180 - first)).add(Fraction.of(90 - first - second));
        String setup = "Two angles of a triangle measure " + first + " degrees and " + second + " degrees.";
        return new Problem("angle", setup + " What is the third angle?", setup + " The third angle measures " + Problem.SLOT,
                "Triangle with angles " + first + " and " + second + " degrees", "Give the number of degrees.",
                answer + " degrees", wrong.build(), "The angles of a triangle add up to 180 degrees: 180 - " + first + " - "
                        + second + " = " + answer + " degrees.",
                Fraction.of(answer), "size of the third angle");
    }

    private static Problem.Wrong wrongUnits(long answer, String unit) {
        return new Problem.Wrong(Fraction.of(answer), Fraction.ONE, v -> v.isWhole() ? v.num() + " " + unit : null);
    }

    // ---------------------------------------------------------------- arithmetic

    /** {@code a op b} for {@code + - × ÷} (for ÷ the dividend is {@code a × b}, so the answer is {@code a}). */
    static Problem arithmetic(String op, int a, int b) {
        long answer;
        String expr;
        Problem.Wrong wrong;
        switch (op) {
            case "+" -> {
                answer = (long) a + b;
                expr = a + " + " + signed(b);
                wrong = MathExercises.wrongIntegers(answer).add(Fraction.of(noCarry(a, b))).add(Fraction.of(answer + 10))
                        .add(Fraction.of((long) a - b));
            }
            case "-" -> {
                answer = (long) a - b;
                expr = a + " - " + signed(b);
                wrong = MathExercises.wrongIntegers(answer).add(Fraction.of(answer - 10)).add(Fraction.of((long) a + b))
                        .add(Fraction.of(-answer));
            }
            case "×" -> {
                answer = (long) a * b;
                expr = a + " × " + b;
                wrong = MathExercises.wrongIntegers(answer).add(Fraction.of(answer + a)).add(Fraction.of(answer - b))
                        .add(Fraction.of((long) a + b));
            }
            default -> {
                answer = a;
                long dividend = (long) a * b;
                expr = dividend + " ÷ " + b;
                wrong = MathExercises.wrongIntegers(answer).add(Fraction.of(answer + 1)).add(Fraction.of(dividend - b))
                        .add(Fraction.of(b));
            }
        }
        return new Problem("arithmetic", "What is " + expr + "?", expr + " = " + Problem.SLOT, expr, "Give a whole number.",
                Long.toString(answer), wrong.build(), "Work it out step by step: " + expr + " = " + answer + ".",
                Fraction.of(answer), "value");
    }

    private static String signed(int n) {
        return n < 0 ? "(" + n + ")" : Integer.toString(n);
    }

    /** The sum without carrying (each column's digits added mod 10), a typical early mistake. */
    private static long noCarry(int a, int b) {
        if (a < 0 || b < 0) {
            return (long) a + b + 10;
        }
        long result = 0;
        long place = 1;
        for (int x = a, y = b; x > 0 || y > 0; x /= 10, y /= 10) {
            result += ((x % 10 + y % 10) % 10) * place;
            place *= 10;
        }
        return result;
    }
}
