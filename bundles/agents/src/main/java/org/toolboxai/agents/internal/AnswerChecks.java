package org.toolboxai.agents.internal;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.toolboxai.agents.internal.Arithmetic.Rational;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;

/**
 * What the answer keys claim, recomputed: arithmetic prompts ({@code What is 3/4 + 1/8?},
 * {@code Solve for x: 10(x + 8) = 160}, {@code What is 12% of 50?}, true/false equalities) are
 * evaluated exactly by {@link Arithmetic}, whatever made them; a quantitative question must
 * exercise the skill its objective names (multiply, area of a circle, Pythagorean theorem ...);
 * no question may repeat another.
 */
final class AnswerChecks {

    /** The skills an objective can name and a question can show. */
    enum Skill {
        ADD, SUBTRACT, MULTIPLY, DIVIDE, FRACTION, DECIMAL, PERCENT, RATIO, INTEGER, ORDER_OF_OPERATIONS, POWER,
        EQUATION, INEQUALITY, SYSTEM, QUADRATIC, SLOPE, PYTHAGOREAN, CIRCLE, AREA_PERIMETER_VOLUME, COUNT, PLACE_VALUE,
        STATISTICS, PROBABILITY, CHEMISTRY
    }

    private static final Pattern ASK = Pattern.compile(
            "(?:what is|what's|calculate|compute|evaluate|simplify|find)\\s+(?:the value of\\s+)?(.+?)\\s*[?.]?\\s*$");
    /** A run of arithmetic: numbers, one-letter unknowns, operators, parentheses. */
    private static final Pattern MATH_RUN = Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?|(?<![a-z])[a-z](?![a-z])|[-+*/^()=\\s])+");
    /** A one-letter unknown, also right after a number ("2x"). */
    private static final Pattern UNKNOWN = Pattern.compile("(?<![a-z])[a-z](?![a-z])");
    /** A squared unknown: quadratics are not solved here. */
    private static final Pattern SQUARED = Pattern.compile("[a-z)]\\s*(?:²|\\^)");
    /** "12% of 50" as the whole of what is asked. */
    private static final Pattern PERCENT_OF = Pattern.compile("\\$?-?[0-9]+(?:\\.[0-9]+)?\\s*%\\s*of\\s*\\$?-?[0-9]+(?:\\.[0-9]+)?\\s*[?.]?");
    /** What may follow the expression in "What is 3/4 written as a decimal?". */
    private static final Pattern ANSWER_FORM = Pattern.compile("(?:written\\s+)?(?:as\\s+an?\\s+(decimal|fraction|mixed number|"
            + "whole number|percent(?:age)?)|in\\s+(?:its\\s+)?(?:simplest form|lowest terms))?\\s*[?.]?\\s*");
    private static final Pattern BINARY_MINUS = Pattern.compile("[0-9a-z)]\\s*[-−–]\\s*[0-9a-z(]");
    private static final Pattern SPACED_SLASH = Pattern.compile("[0-9)]\\s+/\\s+[0-9(]|÷");
    private static final Pattern FRACTION = Pattern.compile("\\b[0-9]+/[0-9]+\\b");
    private static final Pattern NEGATIVE = Pattern.compile("(?:^|[(\\s=+*/×÷-])[-−–][0-9]");

    /** Objective words, in order: the first that matches names the skill (specific ones before general). */
    private static final Map<Skill, Pattern> NAMED = new java.util.LinkedHashMap<>();

    static {
        NAMED.put(Skill.CHEMISTRY, Pattern.compile("chemical|balanc(?:e|ing) .*equation|molecul|atom"));
        NAMED.put(Skill.PYTHAGOREAN, Pattern.compile("pythag|hypotenuse"));
        NAMED.put(Skill.CIRCLE, Pattern.compile("circle|circumference|radius|diameter"));
        NAMED.put(Skill.QUADRATIC, Pattern.compile("quadratic"));
        NAMED.put(Skill.SYSTEM, Pattern.compile("systems? of (?:\\w+ ){0,2}equations?|simultaneous"));
        NAMED.put(Skill.SLOPE, Pattern.compile("slope|linear function|graph(?:ing|s)? (?:of )?(?:a |the )?(?:straight )?lines?\\b|linear equations? in two"));
        NAMED.put(Skill.INEQUALITY, Pattern.compile("inequalit"));
        NAMED.put(Skill.EQUATION, Pattern.compile("equation|solve for"));
        NAMED.put(Skill.AREA_PERIMETER_VOLUME, Pattern.compile("\\barea|perimeter|volume"));
        NAMED.put(Skill.PERCENT, Pattern.compile("percent"));
        NAMED.put(Skill.RATIO, Pattern.compile("ratio|\\brates?\\b|proportion"));
        NAMED.put(Skill.FRACTION, Pattern.compile("fraction"));
        NAMED.put(Skill.DECIMAL, Pattern.compile("decimal"));
        NAMED.put(Skill.ORDER_OF_OPERATIONS, Pattern.compile("order of operations"));
        NAMED.put(Skill.POWER, Pattern.compile("exponent|power|square root|cube root"));
        NAMED.put(Skill.INTEGER, Pattern.compile("integer|negative number"));
        NAMED.put(Skill.STATISTICS, Pattern.compile("\\bmean\\b|median|\\bmode\\b|average"));
        NAMED.put(Skill.PROBABILITY, Pattern.compile("probabilit|chance"));
        NAMED.put(Skill.PLACE_VALUE, Pattern.compile("place value"));
        NAMED.put(Skill.COUNT, Pattern.compile("\\bcount"));
        NAMED.put(Skill.MULTIPLY, Pattern.compile("multipl|\\btimes\\b|product"));
        NAMED.put(Skill.DIVIDE, Pattern.compile("divi|quotient"));
        NAMED.put(Skill.ADD, Pattern.compile("\\badd|addition|\\bsums?\\b"));
        NAMED.put(Skill.SUBTRACT, Pattern.compile("subtract|difference"));
    }

    private AnswerChecks() {
    }

    static Findings check(Quiz quiz, LessonPlan plan) {
        Findings f = new Findings();
        Map<String, String> objectives = new HashMap<>();
        if (plan.objectives() != null) {
            plan.objectives().forEach(o -> objectives.put(o.id(), o.text() == null ? "" : o.text()));
        }
        Map<String, String> seen = new HashMap<>();
        for (Quiz.Question q : quiz.questions() == null ? List.<Quiz.Question>of() : quiz.questions()) {
            if (q.prompt() == null) {
                continue;
            }
            String part = "quiz." + q.id();
            String same = seen.putIfAbsent(normalised(q.prompt()), q.id());
            if (same != null) {
                f.error("duplicate_question", part, "asks the same as " + same + ": \"" + q.prompt() + "\"");
            }
            recompute(f, q, part);
            String objective = objectives.get(q.objectiveId());
            if (objective != null && quantitative(q)) {
                Set<Skill> named = named(objective);
                Set<Skill> shown = shown(q.prompt());
                if (!named.isEmpty() && named.stream().noneMatch(shown::contains)) {
                    f.error("objective_alignment", part, "\"" + q.prompt() + "\" does not exercise what objective "
                            + q.objectiveId() + " (\"" + objective + "\") names: " + words(named));
                }
            }
        }
        return f;
    }

    /** Checks the key against the value the prompt asks for, when the prompt is arithmetic. */
    private static void recompute(Findings f, Quiz.Question q, String part) {
        List<String> answer = q.answer() == null ? List.of() : q.answer();
        String prompt = Arithmetic.normalise(q.prompt()).trim();
        if ("true_false".equals(q.type())) {
            Optional<Boolean> truth = truth(q.prompt());
            if (truth.isPresent() && answer.size() == 1 && !answer.get(0).trim().equalsIgnoreCase(truth.get().toString())) {
                String left = statement(prompt).split("=")[0].trim();
                f.error("answer_key", part, "\"" + q.prompt() + "\" is " + truth.get() + " (" + left + " = "
                        + Arithmetic.value(left).orElseThrow() + "); the key says " + answer.get(0));
            }
            return;
        }
        Optional<Rational> value = expected(prompt);
        if (value.isEmpty() || answer.isEmpty()) {
            return;
        }
        String key = answer.get(0);
        if (!Arithmetic.agrees(key, value.get())) {
            f.error("answer_key", part, "\"" + q.prompt() + "\" comes to " + value.get() + "; the key says " + key);
        }
        if ("multiple_choice".equals(q.type()) && q.options() != null) {
            long right = q.options().stream().filter(o -> Arithmetic.agrees(o, value.get())).count();
            if (right > 1) {
                f.error("answer_key", part, Findings.count(right, "option") + " equal " + value.get() + "; exactly one may be right");
            }
        }
    }

    /** Whether a true/false prompt's equality of two arithmetic sides holds, when it is one. */
    static Optional<Boolean> truth(String prompt) {
        String[] sides = statement(Arithmetic.normalise(prompt).trim()).split("=");
        if (sides.length != 2 || !Arithmetic.mathOnly(sides[0]) || !Arithmetic.mathOnly(sides[1])) {
            return Optional.empty();
        }
        Optional<Rational> left = Arithmetic.value(sides[0]);
        Optional<Rational> right = Arithmetic.value(sides[1]);
        return left.isPresent() && right.isPresent() ? Optional.of(left.get().compareTo(right.get()) == 0) : Optional.empty();
    }

    private static String statement(String normalisedPrompt) {
        return normalisedPrompt.replaceFirst("^true or false\\s*[:?]?\\s*", "").replaceAll("[?.]\\s*$", "");
    }

    /** The number the prompt asks for, when it is arithmetic this class can read. */
    static Optional<Rational> expected(String prompt) {
        String p = Arithmetic.normalise(prompt).trim();
        if (p.contains("solve") && p.contains("=")) {
            if (SQUARED.matcher(p).find()) {
                return Optional.empty();
            }
            List<String> equations = MATH_RUN.matcher(p).results().map(m -> m.group().trim())
                    .filter(r -> r.contains("=") && r.chars().anyMatch(Character::isDigit)).toList();
            if (equations.size() != 1
                    || UNKNOWN.matcher(equations.get(0)).results().map(m -> m.group()).distinct().count() != 1) {
                return Optional.empty();
            }
            return Arithmetic.solve(equations.get(0));
        }
        Matcher ask = ASK.matcher(p);
        if (!ask.find()) {
            return Optional.empty();
        }
        String asked = ask.group(1);
        if (PERCENT_OF.matcher(asked).matches()) {
            return Arithmetic.percentOf(asked);
        }
        Matcher run = MATH_RUN.matcher(asked);
        if (!run.lookingAt()) {
            return Optional.empty();
        }
        String expression = run.group().trim();
        Matcher form = ANSWER_FORM.matcher(asked.substring(run.end()).trim());
        if (!form.matches() || expression.contains("=") || !expression.matches(".*[0-9)]\\s*[-+*/^]\\s*[-0-9(].*")
                || UNKNOWN.matcher(expression).find()) {
            return Optional.empty();
        }
        Optional<Rational> value = Arithmetic.value(expression);
        return form.group(1) != null && form.group(1).startsWith("percent")
                ? value.map(v -> v.times(Rational.of(100))) : value;
    }

    /** Whether the question is about numbers: a digit in the prompt and a numeric key. */
    static boolean quantitative(Quiz.Question q) {
        return q.prompt().chars().anyMatch(Character::isDigit) && q.answer() != null && !q.answer().isEmpty()
                && Arithmetic.number(q.answer().get(0)).isPresent();
    }

    /** The skills an objective names; specific ones (circle, Pythagorean ...) replace the general ones they imply. */
    static Set<Skill> named(String objective) {
        String o = objective.toLowerCase(Locale.ROOT);
        Set<Skill> skills = EnumSet.noneOf(Skill.class);
        NAMED.forEach((skill, pattern) -> {
            if (pattern.matcher(o).find()) {
                skills.add(skill);
            }
        });
        if (skills.contains(Skill.CHEMISTRY)) {
            // chemistry's equations are not algebra, and its numbers are not one of these skills
            return EnumSet.noneOf(Skill.class);
        }
        if (skills.contains(Skill.CIRCLE) || skills.contains(Skill.PYTHAGOREAN)) {
            skills.remove(Skill.AREA_PERIMETER_VOLUME);
        }
        if (skills.contains(Skill.QUADRATIC) || skills.contains(Skill.SYSTEM) || skills.contains(Skill.SLOPE)
                || skills.contains(Skill.INEQUALITY)) {
            skills.remove(Skill.EQUATION);
        }
        return skills;
    }

    /** The skills a prompt shows. */
    static Set<Skill> shown(String prompt) {
        String raw = prompt.toLowerCase(Locale.ROOT);
        String p = Arithmetic.normalise(prompt);
        Set<Skill> skills = EnumSet.noneOf(Skill.class);
        if (p.contains("+") || raw.contains(" sum") || raw.contains("altogether") || raw.contains(" in all")) {
            skills.add(Skill.ADD);
        }
        if (BINARY_MINUS.matcher(p).find() || raw.contains("difference") || raw.contains("left")) {
            skills.add(Skill.SUBTRACT);
        }
        if (p.contains("*") || raw.contains("times") || raw.contains("product") || raw.contains(" each")) {
            skills.add(Skill.MULTIPLY);
        }
        if (SPACED_SLASH.matcher(prompt).find() || raw.contains("divid") || raw.contains("quotient") || raw.contains("share")
                || raw.contains("split")) {
            skills.add(Skill.DIVIDE);
        }
        if (FRACTION.matcher(p).find() || raw.contains("fraction")) {
            skills.add(Skill.FRACTION);
        }
        if (p.matches(".*[0-9]\\.[0-9].*") || raw.contains("decimal")) {
            skills.add(Skill.DECIMAL);
        }
        if (p.contains("%") || raw.contains("percent")) {
            skills.add(Skill.PERCENT);
        }
        if (raw.contains("ratio") || raw.contains(" per ") || raw.contains("rate") || p.matches(".*[0-9]\\s*:\\s*[0-9].*")) {
            skills.add(Skill.RATIO);
        }
        if (NEGATIVE.matcher(p).find() || raw.contains("negative") || raw.contains("integer")) {
            skills.add(Skill.INTEGER);
        }
        long operators = p.chars().filter(c -> "+*/^".indexOf(c) >= 0).count() + (BINARY_MINUS.matcher(p).find() ? 1 : 0);
        if (operators >= 2 && (p.contains("(") || skills.size() >= 2)) {
            skills.add(Skill.ORDER_OF_OPERATIONS);
        }
        if (p.contains("^") || raw.contains("²") || raw.contains("³") || raw.contains("√") || raw.contains("root")
                || raw.contains("squared") || raw.contains("power")) {
            skills.add(Skill.POWER);
        }
        boolean unknown = p.matches(".*\\b[a-z]\\b.*") && p.contains("=");
        if (unknown) {
            skills.add(Skill.EQUATION);
        }
        if (p.contains("<") || p.contains(">") || raw.contains("≤") || raw.contains("≥") || raw.contains("inequalit")) {
            skills.add(Skill.INEQUALITY);
        }
        if (p.chars().filter(c -> c == '=').count() >= 2 || raw.contains("system")) {
            skills.add(Skill.SYSTEM);
        }
        if (raw.contains("x²") || raw.contains("x^2") || raw.contains("quadratic") || raw.contains("factor")) {
            skills.add(Skill.QUADRATIC);
        }
        if (raw.contains("slope") || raw.contains("graph") || raw.contains("line through") || raw.contains("y =")
                || raw.contains("y=")) {
            skills.add(Skill.SLOPE);
        }
        if (raw.contains("hypotenuse") || raw.contains("right triangle") || raw.contains("pythag")) {
            skills.add(Skill.PYTHAGOREAN);
        }
        if (raw.contains("circle") || raw.contains("radius") || raw.contains("diameter") || raw.contains("circumference")
                || raw.contains("π") || raw.contains(" pi ")) {
            skills.add(Skill.CIRCLE);
        }
        if (raw.contains("area") || raw.contains("perimeter") || raw.contains("volume")) {
            skills.add(Skill.AREA_PERIMETER_VOLUME);
        }
        if (raw.contains("how many") || raw.contains("count")) {
            skills.add(Skill.COUNT);
        }
        if (raw.contains("place") || raw.contains("digit") || raw.contains("tens") || raw.contains("ones")
                || raw.contains("hundreds")) {
            skills.add(Skill.PLACE_VALUE);
        }
        if (raw.contains("mean") || raw.contains("median") || raw.contains("mode") || raw.contains("average")) {
            skills.add(Skill.STATISTICS);
        }
        if (raw.contains("probability") || raw.contains("chance") || raw.contains("likely")) {
            skills.add(Skill.PROBABILITY);
        }
        return skills;
    }

    private static String words(Set<Skill> skills) {
        return skills.stream().map(s -> s.name().toLowerCase(Locale.ROOT).replace('_', ' ')).toList().toString();
    }

    /** The prompt reduced to its words and numbers, for spotting repeats. */
    static String normalised(String prompt) {
        return prompt.toLowerCase(Locale.ROOT).replaceAll("[\\s.,;:!?'\"“”‘’]+", " ").trim();
    }
}
