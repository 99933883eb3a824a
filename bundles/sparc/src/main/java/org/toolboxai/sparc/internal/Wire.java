package org.toolboxai.sparc.internal;

import java.util.List;

/** What SPARC's REST routes read and answer (snake_case on the wire). */
public final class Wire {

    private Wire() {
    }

    /**
     * {@code POST /api/v1/sparc/sessions}.
     *
     * @param student   whose session (default: the caller)
     * @param bank      the item bank (subject domain), e.g. {@code mathematics}
     * @param mode      {@code assessment} (default) or {@code practice}
     * @param maxItems  at most this many items (1-100; default 30 for an assessment, 10 for practice)
     * @param minItems  at least this many before a precision or classification stop (default 5)
     * @param targetSe  stop once the ability's standard error is at most this (0.1-1; default 0.3)
     * @param cutScore  classify against this ability (-4 to 4): stop once the 95% interval is on one side
     */
    public record StartRequest(String student, String bank, String mode, Integer maxItems, Integer minItems, Double targetSe,
            Double cutScore) {
    }

    /**
     * {@code POST /api/v1/sparc/sessions/{id}/answers}.
     *
     * @param position the position of the item answered (as presented)
     * @param itemId   the item answered
     * @param response the answer: an option's text, a word or number, or a list for matching and ordering
     */
    public record AnswerRequest(Integer position, String itemId, Object response) {
    }

    /** An answered example shown before a practice item (the "worked example" action). */
    public record WorkedExample(String prompt, List<String> answer, String explanation) {
    }

    /**
     * The item a student answers now; never its key.
     *
     * @param action in practice, the pedagogical action the policy chose (worked_example, hint,
     *               practice, challenge, review)
     */
    public record Presented(int position, String itemId, String type, String prompt, List<String> options, String objective,
            String action, String hint, WorkedExample workedExample) {
    }

    /** A skill's state: BKT mastery, and once mastered, its next review day by FSRS. */
    public record SkillView(String skill, double mastery, int answers, boolean mastered, String nextReview) {
    }

    /**
     * A finished session's result.
     *
     * @param classification {@code above} or {@code below} the cut score, or {@code undecided}; null without one
     */
    public record Result(double theta, double se, String stopReason, int answered, int correct, String classification,
            List<SkillView> skills, String feedback) {
    }

    /** A session: the item to answer now, or the result. */
    public record SessionView(String id, String student, String bank, String mode, String state, int answered, int maxItems,
            double theta, double se, Presented item, Result result, String createdAt) {
    }

    /**
     * What an answer gets back: whether it was right, feedback, and the session (next item or result).
     *
     * @param answer the key, shown in practice (in an assessment it stays hidden)
     */
    public record AnswerView(int position, String itemId, boolean correct, String feedback, List<String> answer, SessionView session) {
    }

    /** An ability estimate in a domain. */
    public record AbilityView(String domain, double theta, double se, int answers) {
    }

    /** A decision of the policy, its context and its measured reward (null until measured). */
    public record DecisionView(String sessionId, int position, String skill, String context, String action, Double reward,
            String decidedAt) {
    }

    /** {@code GET /api/v1/sparc/students/{id}}. */
    public record Profile(String student, List<AbilityView> abilities, List<SkillView> skills, List<String> dueForReview,
            List<SessionView> sessions, List<DecisionView> decisions) {
    }

    /** An item with its key and statistics, for teachers. */
    public record ItemStats(String id, String objective, String skill, String type, String prompt, List<String> options,
            List<String> answer, int level, double a, double b, double c, double bandB, String calibration, int presented,
            double exposure, int responses, Double pValue, Double infit, Double outfit) {
    }

    /** {@code GET /api/v1/sparc/banks/{bank}/items}. */
    public record BankStats(String bank, int items, int sessions, int answers, int calibratedIrt, int calibratedElo, double maxExposure,
            List<ItemStats> list) {
    }

    /** A bank in {@code GET /api/v1/sparc/banks}. */
    public record BankSummary(String bank, int items) {
    }

    /** {@code GET /api/v1/sparc/banks}. */
    public record Banks(List<BankSummary> banks) {
    }

    /**
     * {@code POST /api/v1/sparc/classes} (an administrator: the school's roster decides who
     * teaches whom, not the teacher).
     *
     * @param teacher the user or token name of the class's teacher
     */
    public record ClassRequest(String name, String teacher, List<String> students) {
    }

    /** {@code POST /api/v1/sparc/classes/{id}/students}. */
    public record EnrolRequest(List<String> students) {
    }

    /** A class and its students. */
    public record ClassView(String id, String name, String teacher, List<String> students) {
    }

    /** {@code GET /api/v1/sparc/classes}. */
    public record Classes(List<ClassView> classes) {
    }
}
