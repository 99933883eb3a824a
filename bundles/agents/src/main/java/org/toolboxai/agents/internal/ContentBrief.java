package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The teacher's request as the agents read it from a workflow run's parameters (the
 * {@code educational_content} template's), normalised.
 *
 * @param subject        subject
 * @param gradeLevel     {@code K}, {@code 1}..{@code 12} or {@code university}
 * @param gradeNumber    0 for K, 1-12, 13+ for university years
 * @param objectives     the learning objectives
 * @param environment    environment type
 * @param minutes        lesson length
 * @param includeQuiz    whether a quiz is wanted
 * @param questionCount  quiz length
 * @param questionTypes  allowed question types
 * @param difficulty     easy, medium or hard
 * @param standards      standards the teacher gave (the only ones a plan may cite)
 */
record ContentBrief(String subject, String gradeLevel, int gradeNumber, List<String> objectives, String environment,
        int minutes, boolean includeQuiz, int questionCount, List<String> questionTypes, String difficulty,
        List<String> standards) {

    static final List<String> QUESTION_TYPES = List.of("multiple_choice", "true_false", "short_answer", "fill_blank",
            "matching", "ordering");

    @SuppressWarnings("unchecked")
    static ContentBrief of(Map<String, Object> parameters) {
        int grade = ((Number) parameters.getOrDefault("grade_level", 5)).intValue();
        Map<String, Object> quiz = (Map<String, Object>) parameters.getOrDefault("quiz", Map.of());
        List<String> types = quiz.get("question_types") instanceof List<?> list && !list.isEmpty()
                ? (List<String>) list : List.of("multiple_choice", "true_false");
        String difficulty = String.valueOf(quiz.getOrDefault("difficulty", parameters.getOrDefault("difficulty", "medium")));
        if (!List.of("easy", "medium", "hard").contains(difficulty)) {
            difficulty = "medium";
        }
        return new ContentBrief(String.valueOf(parameters.get("subject")), gradeName(grade), grade,
                List.copyOf((List<String>) parameters.getOrDefault("learning_objectives", List.of())),
                String.valueOf(parameters.getOrDefault("environment_type", "interactive_classroom")),
                ((Number) parameters.getOrDefault("duration_minutes", 45)).intValue(),
                Boolean.TRUE.equals(parameters.getOrDefault("include_quiz", Boolean.TRUE)),
                ((Number) quiz.getOrDefault("question_count", 5)).intValue(), List.copyOf(types), difficulty,
                List.copyOf((List<String>) parameters.getOrDefault("standards", List.of())));
    }

    static String gradeName(int grade) {
        return grade <= 0 ? "K" : grade <= 12 ? Integer.toString(grade) : "university";
    }

    /** The request as the model providers receive it in their context. */
    Map<String, Object> asContext() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject);
        m.put("grade_level", gradeLevel);
        m.put("grade_number", gradeNumber);
        m.put("learning_objectives", new ArrayList<>(objectives));
        m.put("environment_type", environment);
        m.put("duration_minutes", minutes);
        m.put("include_quiz", includeQuiz);
        m.put("quiz", Map.of("question_count", questionCount, "question_types", questionTypes, "difficulty", difficulty));
        m.put("standards", new ArrayList<>(standards));
        return m;
    }

    /** One line for prompts. */
    String describe() {
        return subject + " for grade " + gradeLevel + ", " + minutes + " minutes, objectives: " + String.join("; ", objectives)
                + (standards.isEmpty() ? "" : ", standards: " + String.join(", ", standards));
    }
}
