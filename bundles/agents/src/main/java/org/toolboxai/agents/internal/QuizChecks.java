package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.QuestionType;
import org.toolboxai.api.content.Quiz;

/** Checks of a quiz: the answer key agrees with the options, options are distinct, every objective is asked about. */
final class QuizChecks {

    private QuizChecks() {
    }

    static Findings check(Quiz quiz, ContentBrief brief, LessonPlan plan) {
        Findings f = new Findings();
        List<Quiz.Question> questions = quiz.questions() == null ? List.of() : quiz.questions();
        if (questions.size() != brief.questionCount()) {
            f.error("completeness", "quiz.questions", "has " + Findings.count(questions.size(), "question") + "; "
                    + brief.questionCount() + (brief.questionCount() == 1 ? " was" : " were") + " asked for");
        }
        Set<String> objectiveIds = new HashSet<>();
        (plan.objectives() == null ? List.<LessonPlan.Objective>of() : plan.objectives()).forEach(o -> objectiveIds.add(o.id()));
        Set<String> asked = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Quiz.Question q : questions) {
            String part = "quiz." + q.id();
            if (q.id() == null || !ids.add(q.id())) {
                f.error("completeness", "quiz.questions", "question ids must be present and unique, got " + q.id());
            }
            if (QuestionType.fromWire(q.type()).filter(brief.questionTypes()::contains).isEmpty()) {
                f.error("question_type", part, "has type " + q.type() + "; allowed: " + brief.questionTypes());
            }
            if (q.points() < 1 || q.points() > 10) {
                f.error("points", part, "is worth " + Findings.count(q.points(), "point") + "; 1-10 are allowed");
            }
            if (blank(q.prompt())) {
                f.error("completeness", part, "has no prompt");
            }
            if (blank(q.explanation())) {
                f.error("completeness", part, "has no explanation");
            }
            if (!objectiveIds.contains(q.objectiveId())) {
                f.error("objective_coverage", part, "names unknown objective " + q.objectiveId());
            }
            asked.add(q.objectiveId());
            answerKey(f, q, part);
        }
        if (!questions.isEmpty()) {
            for (String id : objectiveIds) {
                if (!asked.contains(id)) {
                    f.error("objective_coverage", "quiz", "no question checks objective " + id
                            + (questions.size() < objectiveIds.size() ? " (" + Findings.count(questions.size(), "question")
                                    + " cannot cover " + objectiveIds.size() + " objectives)" : ""));
                }
            }
        }
        return f;
    }

    private static void answerKey(Findings f, Quiz.Question q, String part) {
        List<String> options = q.options() == null ? List.of() : q.options();
        List<String> answer = q.answer() == null ? List.of() : q.answer();
        Set<String> normalised = new HashSet<>();
        for (String o : options) {
            if (!normalised.add(norm(o))) {
                f.error("option_uniqueness", part, "has the option '" + o + "' twice");
            }
        }
        switch (String.valueOf(q.type())) {
            case "multiple_choice" -> {
                if (options.size() < 2) {
                    f.error("answer_key", part, "needs at least 2 options");
                }
                long correct = options.stream().filter(o -> answer.size() == 1 && norm(o).equals(norm(answer.get(0)))).count();
                if (answer.size() != 1 || correct != 1) {
                    f.error("answer_key", part, "must have exactly one correct option, and the answer must be that option's text");
                }
            }
            case "true_false" -> {
                if (answer.size() != 1 || !(norm(answer.get(0)).equals("true") || norm(answer.get(0)).equals("false"))) {
                    f.error("answer_key", part, "answer must be [\"true\"] or [\"false\"]");
                }
            }
            case "short_answer" -> {
                if (answer.isEmpty() || blank(answer.get(0))) {
                    f.error("answer_key", part, "needs the expected answer");
                }
            }
            case "fill_blank" -> {
                if (q.prompt() == null || !q.prompt().contains("___")) {
                    f.error("answer_key", part, "prompt must contain ___ where the answer goes");
                }
                if (answer.isEmpty() || blank(answer.get(0))) {
                    f.error("answer_key", part, "needs the word that fills the blank");
                }
            }
            case "matching" -> {
                if (options.size() < 2 || !new HashSet<>(options).equals(new HashSet<>(answer))
                        || options.stream().anyMatch(o -> !o.contains("=>"))) {
                    f.error("answer_key", part, "options must be 'left => right' pairs and the answer the same pairs");
                }
            }
            case "ordering" -> {
                List<String> a = new ArrayList<>(answer);
                List<String> o = new ArrayList<>(options);
                a.sort(null);
                o.sort(null);
                if (options.size() < 2 || !a.equals(o)) {
                    f.error("answer_key", part, "answer must list exactly the options, in the correct order");
                }
            }
            default -> f.error("question_type", part, "unknown type " + q.type());
        }
    }

    private static String norm(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
