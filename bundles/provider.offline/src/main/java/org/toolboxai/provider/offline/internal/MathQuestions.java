package org.toolboxai.provider.offline.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.toolboxai.api.content.Quiz.Question;

/** Quiz questions of every type made from computed exercises, so the answer key is right by construction. */
final class MathQuestions {

    private static final int ATTEMPTS = 200;

    private MathQuestions() {
    }

    static Question question(String id, String type, String objectiveId, MathExercises.Topic topic, int level, int points,
            Rng rng) {
        return switch (type) {
            case "true_false" -> {
                Problem p = MathExercises.problem(topic, level, rng);
                boolean truth = rng.nextBoolean();
                String shown = truth ? p.answer() : rng.pick(p.distractors());
                yield new Question(id, type, objectiveId, "True or false: " + p.statementWith(shown), List.of(),
                        List.of(Boolean.toString(truth)), points, (truth ? "True. " : "False: the answer is " + p.answer() + ". ")
                                + p.explanation());
            }
            case "short_answer" -> {
                Problem p = MathExercises.problem(topic, level, rng);
                yield new Question(id, type, objectiveId, p.question() + " " + p.hint(), List.of(), List.of(p.answer()), points,
                        p.explanation());
            }
            case "fill_blank" -> {
                Problem p = MathExercises.problem(topic, level, rng);
                yield new Question(id, type, objectiveId, capitalise(p.statementWith("___")) + ". " + p.hint(), List.of(),
                        List.of(p.answer()), points, p.explanation());
            }
            case "matching" -> matching(id, objectiveId, topic, level, points, rng);
            case "ordering" -> ordering(id, objectiveId, topic, level, points, rng);
            default -> {
                Problem p = MathExercises.problem(topic, level, rng);
                List<String> options = new ArrayList<>(p.distractors());
                options.add(p.answer());
                yield new Question(id, "multiple_choice", objectiveId, p.question(), rng.shuffle(options), List.of(p.answer()),
                        points, p.explanation());
            }
        };
    }

    private static Question matching(String id, String objectiveId, MathExercises.Topic topic, int level, int points, Rng rng) {
        List<Problem> problems = distinctProblems(topic, level, rng, 4, false);
        List<String> pairs = problems.stream().map(p -> p.label() + " => " + p.answer()).toList();
        StringBuilder how = new StringBuilder();
        for (Problem p : problems) {
            how.append(how.length() == 0 ? "" : " ").append(p.explanation());
        }
        return new Question(id, "matching", objectiveId, "Match each problem with its answer.", pairs, pairs, points,
                how.toString());
    }

    private static Question ordering(String id, String objectiveId, MathExercises.Topic topic, int level, int points, Rng rng) {
        List<String> items;
        List<Fraction> values = new ArrayList<>();
        String prompt;
        String explanation;
        if (topic == MathExercises.Topic.FRACTION || topic == MathExercises.Topic.DECIMAL
                || topic == MathExercises.Topic.PERCENT) {
            items = numbers(topic, level, rng, values);
            prompt = "Put these numbers in order from the smallest to the largest.";
            explanation = "Compare the values: " + describe(items, values) + ".";
        } else {
            List<Problem> problems = distinctProblems(topic, level, rng, 4, true);
            items = problems.stream().map(Problem::label).toList();
            problems.forEach(p -> values.add(p.value()));
            prompt = "Put these in order by " + (problems.get(0).quantity().equals("value") ? "their value" : problems.get(0).quantity())
                    + ", from the smallest to the largest.";
            explanation = "Work each one out: " + String.join(" ", problems.stream().map(Problem::explanation).toList());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(values::get));
        List<String> answer = order.stream().map(items::get).toList();
        List<String> options = rng.shuffle(answer);
        if (options.equals(answer)) {
            options = new ArrayList<>(answer.subList(1, answer.size()));
            options.add(answer.get(0));
        }
        return new Question(id, "ordering", objectiveId, prompt, options, answer, points, explanation);
    }

    /**
     * Exercises of the topic with different labels, answers and values; to be ordered, they also
     * measure the same quantity in the same unit (ratios in simplest form are not ordered).
     */
    private static List<Problem> distinctProblems(MathExercises.Topic topic, int level, Rng rng, int wanted,
            boolean comparable) {
        List<Problem> problems = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS && problems.size() < wanted; attempt++) {
            Problem p = MathExercises.problem(topic, level, rng);
            boolean clash = problems.stream().anyMatch(q -> q.label().equals(p.label()) || q.answer().equals(p.answer())
                    || q.value().equals(p.value()));
            if (comparable && (p.quantity().equals("ratio") || !problems.isEmpty()
                    && (!problems.get(0).quantity().equals(p.quantity()) || !unit(problems.get(0)).equals(unit(p))))) {
                clash = true;
            }
            if (!clash) {
                problems.add(p);
            }
        }
        if (problems.size() < 2) {
            throw new IllegalStateException("could not find two different " + topic + " exercises");
        }
        return problems;
    }

    /** What follows the number in the answer, e.g. "square cm" or "". */
    private static String unit(Problem p) {
        return p.answer().replaceFirst("^-?[0-9./:]+%?\\s*", "");
    }

    /** Four different numbers of the topic: fractions, decimals, or a mix with percentages. */
    private static List<String> numbers(MathExercises.Topic topic, int level, Rng rng, List<Fraction> values) {
        List<String> items = new ArrayList<>();
        int maxDen = level <= 4 ? 8 : 12;
        for (int attempt = 0; attempt < ATTEMPTS && items.size() < 4; attempt++) {
            Fraction value;
            String text;
            int form = topic == MathExercises.Topic.PERCENT ? items.size() % 3
                    : topic == MathExercises.Topic.DECIMAL ? 1 : 0;
            if (form == 0) {
                int den = rng.between(2, maxDen);
                value = Fraction.of(rng.between(1, level >= 8 ? 2 * den : den - 1), den);
                text = value.toString();
                if (value.isWhole()) {
                    continue;
                }
            } else if (form == 1) {
                int places = level <= 4 ? 1 : rng.between(1, 2);
                BigDecimal d = BigDecimal.valueOf(rng.between(1, places == 1 ? 29 : 299), places);
                value = Fraction.of(d);
                text = MathExercises.plain(d);
            } else {
                int p = rng.between(1, 99);
                value = Fraction.of(p, 100);
                text = p + "%";
            }
            if (!values.contains(value) && !items.contains(text)) {
                values.add(value);
                items.add(text);
            }
        }
        return items;
    }

    private static String describe(List<String> items, List<Fraction> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            BigDecimal d = values.get(i).toDecimal();
            parts.add(items.get(i) + " is " + (d != null ? "exactly " + MathExercises.plain(d)
                    : "about " + new BigDecimal(values.get(i).num()).divide(new BigDecimal(values.get(i).den()), 3,
                            java.math.RoundingMode.HALF_UP).toPlainString()));
        }
        return String.join(", ", parts);
    }

    static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
