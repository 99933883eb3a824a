package org.toolboxai.provider.offline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.toolboxai.api.content.LessonPlan.Term;
import org.toolboxai.api.content.Quiz.Question;

/** Quiz questions built from a lesson's vocabulary and activities, for objectives that are not maths. */
final class TermQuestions {

    /** Wrong definitions to fall back on when the vocabulary is too small for three distractors. */
    private static final List<String> FILLER = List.of("A kind of musical instrument played with a bow.",
            "The name of a large mountain range.", "A unit for measuring the temperature of the air.",
            "A tool used to cut wood.");

    private static final List<String> INQUIRY = List.of("Ask a question", "Make a prediction", "Test the prediction",
            "Record what happens", "Draw a conclusion");
    private static final List<String> STUDY = List.of("Read the question carefully", "Recall the key words",
            "Explain your thinking", "Check your answer");

    private TermQuestions() {
    }

    /**
     * A question of the type for the objective.
     *
     * @param vocabulary the lesson's terms (at least one)
     * @param term       the term the question is about (one of the vocabulary)
     * @param steps      the lesson's activity titles in order, for ordering questions
     */
    static Question question(String id, String type, String objectiveId, String objective, List<Term> vocabulary, Term term,
            List<String> steps, String subject, int points, Rng rng) {
        List<String> others = new ArrayList<>();
        for (Term t : vocabulary) {
            if (!t.term().equalsIgnoreCase(term.term()) && !t.definition().equals(term.definition())
                    && !others.contains(t.definition())) {
                others.add(t.definition());
            }
        }
        String quoted = "\"" + term.term() + "\"";
        return switch (type) {
            case "true_false" -> {
                boolean truth = others.isEmpty() || rng.nextBoolean();
                String shown = truth ? term.definition() : rng.pick(others);
                yield new Question(id, type, objectiveId, "True or false: " + quoted + " means: " + shown, List.of(),
                        List.of(Boolean.toString(truth)), points, (truth ? "True: " : "False: ") + quoted + " means: "
                                + term.definition());
            }
            case "short_answer" -> new Question(id, type, objectiveId, "Which word from this lesson means: "
                    + term.definition() + " Answer with one word or phrase.", List.of(), List.of(term.term()), points,
                    quoted + " means: " + term.definition());
            case "fill_blank" -> new Question(id, type, objectiveId, "The word ___ means: " + term.definition(), List.of(),
                    List.of(term.term()), points, quoted + " means: " + term.definition());
            case "matching" -> {
                List<Term> terms = new ArrayList<>();
                terms.add(term);
                for (Term t : rng.shuffle(vocabulary)) {
                    if (terms.size() < 4 && terms.stream().noneMatch(x -> x.term().equalsIgnoreCase(t.term())
                            || x.definition().equals(t.definition()))) {
                        terms.add(t);
                    }
                }
                List<String> pairs = terms.stream().map(t -> t.term() + " => " + t.definition()).toList();
                yield new Question(id, type, objectiveId, "Match each word with its meaning.", pairs, pairs, points,
                        "Each word is paired with its definition from the lesson's vocabulary.");
            }
            case "ordering" -> {
                List<String> items = steps.size() >= 3 ? steps.subList(0, Math.min(4, steps.size()))
                        : subject.toLowerCase(Locale.ROOT).contains("science") ? INQUIRY.subList(0, 4) : STUDY;
                String prompt = steps.size() >= 3 ? "Put these parts of today's lesson in the order they happen."
                        : "Put these steps in a sensible order for working on: " + objective;
                List<String> options = rng.shuffle(items);
                if (options.equals(items)) {
                    options = new ArrayList<>(items.subList(1, items.size()));
                    options.add(items.get(0));
                }
                yield new Question(id, type, objectiveId, prompt, options, List.copyOf(items), points,
                        "The right order is: " + String.join(", then ", items) + ".");
            }
            default -> {
                List<String> wrong = new ArrayList<>();
                for (String d : rng.shuffle(others)) {
                    if (wrong.size() < 3) {
                        wrong.add(d);
                    }
                }
                for (String f : FILLER) {
                    if (wrong.size() < 3 && !f.equals(term.definition())) {
                        wrong.add(f);
                    }
                }
                List<String> options = new ArrayList<>(wrong);
                options.add(term.definition());
                yield new Question(id, "multiple_choice", objectiveId, "Which statement best describes " + quoted + "?",
                        rng.shuffle(options), List.of(term.definition()), points, quoted + " means: " + term.definition());
            }
        };
    }
}
