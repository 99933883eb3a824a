package org.toolboxai.provider.offline.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LessonPlan.Term;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.Quiz.Question;

/**
 * The quiz task: exactly the requested number of questions, their types cycling through the
 * requested ones, spread over the objectives in blocks; computed exercises for maths objectives,
 * vocabulary questions for the others.
 */
final class QuizMaker {

    private QuizMaker() {
    }

    static Quiz quiz(Brief brief, LessonPlan plan, Rng rng) {
        List<LessonPlan.Objective> objectives = plan != null && plan.objectives() != null && !plan.objectives().isEmpty()
                ? plan.objectives() : LessonPlanner.objectives(brief);
        List<Term> vocabulary = plan != null && plan.vocabulary() != null && !plan.vocabulary().isEmpty()
                ? plan.vocabulary() : Glossary.vocabulary(brief.subject(), brief.objectives());
        List<LessonPlan.Activity> activities = plan != null && plan.activities() != null ? plan.activities() : List.of();
        int n = objectives.size();
        int count = brief.questionCount();
        Map<Integer, Integer> askedPerObjective = new HashMap<>();
        List<Question> questions = new ArrayList<>();
        java.util.Set<String> prompts = new java.util.HashSet<>();
        for (int i = 0; i < count; i++) {
            String type = brief.questionTypes().get(i % brief.questionTypes().size());
            int o = (int) ((long) i * n / count);
            int k = askedPerObjective.merge(o, 1, Integer::sum) - 1;
            String objectiveId = objectives.get(o).id();
            String objective = o < brief.objectives().size() ? brief.objectives().get(o) : objectives.get(o).text();
            String id = "q" + (i + 1);
            int points = points(brief, type);
            List<MathExercises.Topic> topics = MathExercises.topics(objective, brief.mathSubject());
            // a question that repeats an earlier one is made again from another seed (or term)
            Question question = null;
            for (int attempt = 0; attempt < ATTEMPTS && (question == null || !prompts.add(key(question.prompt()))); attempt++) {
                Rng questionRng = attempt == 0 ? rng.fork(id) : rng.fork(id + "#" + attempt);
                if (!topics.isEmpty()) {
                    question = MathQuestions.question(id, type, objectiveId, topics.get((k + attempt) % topics.size()), brief.level(),
                            points, questionRng);
                } else {
                    Term term = termFor(objective, vocabulary, k + attempt);
                    question = TermQuestions.question(id, type, objectiveId, objective, vocabulary, term,
                            steps(activities, objectiveId), brief.subject(), points, questionRng);
                }
            }
            prompts.add(key(question.prompt()));
            questions.add(question);
        }
        String title = "Quiz: " + (plan != null && plan.title() != null ? plan.title() : brief.subject());
        return new Quiz(title, questions);
    }

    /** How often a repeated question is made again before it is kept (the checks then report it). */
    private static final int ATTEMPTS = 12;

    /** A prompt as the repeat check sees it: case, spacing and punctuation aside. */
    static String key(String prompt) {
        return prompt.toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s.,;:!?'\"]+", " ").trim();
    }

    /** Points by difficulty and effort of the type, a little more for later lessons of a course; 1-10. */
    static int points(Brief brief, String type) {
        int base = switch (brief.difficulty()) {
            case "easy" -> 2;
            case "hard" -> 5;
            default -> 3;
        };
        int effort = switch (type) {
            case "true_false" -> -1;
            case "short_answer", "fill_blank" -> 1;
            case "matching", "ordering" -> 2;
            default -> 0;
        };
        int rank = brief.difficultyRank() > 1 ? Math.min(3, brief.difficultyRank() - 1) : 0;
        return Math.max(1, Math.min(10, base + effort + rank));
    }

    /**
     * The k-th term for the objective, taking turns among the terms it names and their related
     * terms, or among the whole vocabulary when it names none.
     */
    private static Term termFor(String objective, List<Term> vocabulary, int k) {
        String lower = objective.toLowerCase(java.util.Locale.ROOT);
        List<Term> named = new ArrayList<>();
        for (Term t : vocabulary) {
            if (lower.contains(t.term().toLowerCase(java.util.Locale.ROOT))) {
                named.add(t);
            }
        }
        List<Term> pool = new ArrayList<>(named);
        for (Term n : named) {
            for (String r : Glossary.related(n.term())) {
                vocabulary.stream().filter(t -> t.term().equalsIgnoreCase(r) && !pool.contains(t)).forEach(pool::add);
            }
        }
        List<Term> from = pool.isEmpty() ? vocabulary : pool;
        return from.get(k % from.size());
    }

    /** Activity titles in lesson order: the objective's own when it has three or more, else the lesson's around its first. */
    private static List<String> steps(List<LessonPlan.Activity> activities, String objectiveId) {
        List<String> own = activities.stream().filter(a -> objectiveId.equals(a.objectiveId()))
                .map(LessonPlan.Activity::title).toList();
        if (own.size() >= 3 || activities.size() < 3) {
            return own.size() >= 3 ? own : List.of();
        }
        int first = 0;
        while (first < activities.size() && !objectiveId.equals(activities.get(first).objectiveId())) {
            first++;
        }
        int start = Math.max(0, Math.min(first, activities.size() - 4));
        return activities.subList(start, Math.min(activities.size(), start + 4)).stream().map(LessonPlan.Activity::title).toList();
    }
}
