package org.toolboxai.provider.offline.internal;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.toolboxai.api.content.Difficulty;
import org.toolboxai.api.content.EnvironmentType;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.QuestionType;
import org.toolboxai.api.model.LessonFacts;

/**
 * The teacher's request as it arrives in the request's {@link LessonFacts}, normalised, plus the
 * lesson's place in a course.
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

    static Brief of(LessonFacts facts) {
        LessonRequest r = facts.lesson() != null ? facts.lesson()
                : new LessonRequest(null, null, null, null, null, null, null, null, null, null);
        String subject = r.subject() == null || r.subject().isBlank() ? "General studies" : r.subject().trim();
        int gradeNumber = r.gradeLevel() == null ? 5 : Math.max(0, r.gradeLevel());
        String gradeLevel = gradeNumber == 0 ? "K" : gradeNumber <= 12 ? Integer.toString(gradeNumber) : "university";
        List<String> objectives = r.learningObjectives() == null ? List.of()
                : r.learningObjectives().stream().filter(o -> o != null && !o.isBlank()).toList();
        if (objectives.isEmpty()) {
            objectives = List.of(subject);
        }
        LessonRequest.QuizOptions quiz = r.quiz() != null ? r.quiz() : new LessonRequest.QuizOptions(null, null, null);
        List<String> types = quiz.questionTypes() == null ? List.of()
                : quiz.questionTypes().stream().filter(Objects::nonNull).distinct().map(QuestionType::toString).toList();
        if (types.isEmpty()) {
            types = List.of(QuestionType.MULTIPLE_CHOICE.toString(), QuestionType.TRUE_FALSE.toString());
        }
        // progressive stays progressive: the lesson's rank in its course makes it harder (see level())
        Difficulty difficulty = quiz.difficulty() != null ? quiz.difficulty()
                : r.difficulty() != null ? r.difficulty() : Difficulty.MEDIUM;
        LessonFacts.CoursePlace course = facts.course();
        return new Brief(subject, gradeLevel, gradeNumber, List.copyOf(objectives),
                (r.environmentType() == null ? EnvironmentType.INTERACTIVE_CLASSROOM : r.environmentType()).toString(),
                r.durationMinutes() == null ? 45 : Math.max(1, r.durationMinutes()), r.includeQuiz() == null || r.includeQuiz(),
                quiz.questionCount() == null ? 5 : Math.max(1, quiz.questionCount()), types, difficulty.toString(),
                r.standards() == null ? List.of() : List.copyOf(r.standards()),
                course == null ? 0 : Math.max(0, course.instance()), course == null ? 0 : Math.max(0, course.difficultyRank()));
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
