package org.toolboxai.provider.offline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.toolboxai.api.content.Difficulty;
import org.toolboxai.api.content.EnvironmentType;
import org.toolboxai.api.content.QuestionType;

/**
 * The teacher's request as it arrives in {@code context.request}, normalised, plus the lesson's
 * place in a course ({@code instance}, {@code instances}, {@code difficulty_rank}).
 *
 * @param subject        subject
 * @param gradeLevel     {@code K}, {@code 1}..{@code 12} or {@code university}
 * @param gradeNumber    0 for K, 13 for university
 * @param objectives     the learning objectives as the teacher wrote them (at least one)
 * @param environment    environment type
 * @param minutes        lesson length
 * @param includeQuiz    whether a quiz is wanted
 * @param questionCount  quiz length
 * @param questionTypes  requested question types (never empty)
 * @param difficulty     easy, medium, hard or progressive (medium, made harder by the rank)
 * @param standards      the teacher's standards, the only ones a plan may cite
 * @param instance       the lesson's number in a course, 0 when not in one
 * @param difficultyRank progressive difficulty in a course, 1 = easiest, 0 when not in one
 */
record Brief(String subject, String gradeLevel, int gradeNumber, List<String> objectives, String environment, int minutes,
        boolean includeQuiz, int questionCount, List<String> questionTypes, String difficulty, List<String> standards,
        int instance, int difficultyRank) {

    static Brief of(Map<String, Object> context) {
        Map<String, Object> r = Json.map(context.get("request"));
        String gradeLevel = Json.string(r, "grade_level", "5");
        int gradeNumber = Json.integer(r, "grade_number", gradeNumber(gradeLevel));
        List<String> objectives = Json.strings(r, "learning_objectives");
        String subject = Json.string(r, "subject", "General studies");
        if (objectives.isEmpty()) {
            objectives = List.of(subject);
        }
        String environment = EnvironmentType.fromWire(Json.string(r, "environment_type", "").toLowerCase(Locale.ROOT))
                .orElse(EnvironmentType.INTERACTIVE_CLASSROOM).toString();
        Map<String, Object> quiz = Json.map(r.get("quiz"));
        List<String> types = new ArrayList<>();
        for (String t : Json.strings(quiz, "question_types")) {
            String type = t.toLowerCase(Locale.ROOT);
            if (QuestionType.fromWire(type).isPresent() && !types.contains(type)) {
                types.add(type);
            }
        }
        if (types.isEmpty()) {
            types = List.of("multiple_choice", "true_false");
        }
        // progressive stays progressive: the lesson's rank in its course makes it harder (see level())
        String difficulty = Difficulty.fromWire(Json.string(quiz, "difficulty", Json.string(r, "difficulty", "medium"))
                .toLowerCase(Locale.ROOT)).orElse(Difficulty.MEDIUM).toString();
        return new Brief(subject, gradeLevel, Math.max(0, gradeNumber), List.copyOf(objectives), environment,
                Math.max(1, Json.integer(r, "duration_minutes", 45)), Json.bool(r, "include_quiz", true),
                Math.max(1, Json.integer(quiz, "question_count", 5)), List.copyOf(types), difficulty,
                Json.strings(r, "standards"), Math.max(0, Json.integer(context, "instance", 0)),
                Math.max(0, Json.integer(context, "difficulty_rank", 0)));
    }

    static int gradeNumber(String gradeLevel) {
        String g = gradeLevel.trim().toLowerCase(Locale.ROOT);
        if (g.startsWith("k")) {
            return 0;
        }
        if (g.startsWith("univ") || g.startsWith("college")) {
            return 13;
        }
        try {
            return Integer.parseInt(g.replaceAll("[^0-9]", ""));
        } catch (NumberFormatException e) {
            return 5;
        }
    }

    /** Whether the subject is mathematics. */
    boolean mathSubject() {
        return subject.toLowerCase(Locale.ROOT).contains("math");
    }

    /** The grade as learners read it, e.g. "grade 7", "kindergarten", "university". */
    String gradeName() {
        return gradeNumber == 0 ? "kindergarten" : gradeNumber >= 13 ? "university" : "grade " + gradeNumber;
    }

    /**
     * How hard exercises should be: the grade, moved by the difficulty and by the lesson's rank in
     * a course (each later lesson a little harder).
     */
    int level() {
        int shift = switch (difficulty) {
            case "easy" -> -1;
            case "hard" -> 2;
            default -> 0;
        };
        int rank = difficultyRank > 1 ? Math.min(3, difficultyRank - 1) : 0;
        return Math.max(0, gradeNumber + shift + rank);
    }
}
