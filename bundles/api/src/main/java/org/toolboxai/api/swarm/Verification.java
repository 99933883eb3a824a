package org.toolboxai.api.swarm;

import java.util.List;

/**
 * What the swarm checked in a package, kept with it: every question's solvers and their answers,
 * every consensus with its votes and scores.
 *
 * @param status     {@value #VERIFIED} (every key was confirmed by solvers), {@value #PARTLY_VERIFIED}
 *                   (some questions no solver could answer, or some were flagged) or {@value #NOT_VERIFIED}
 * @param note       why, in words for the teacher (e.g. that the swarm is not installed)
 * @param questions  per question
 * @param modelCalls model calls the swarm made for the package
 * @param decisions  the consensus decisions of steps that had candidates
 */
public record Verification(String status, String note, List<QuestionCheck> questions, int modelCalls,
        List<Decision> decisions) {

    /** Every key confirmed. */
    public static final String VERIFIED = "verified";
    /** Some keys confirmed, or some disputed. */
    public static final String PARTLY_VERIFIED = "partly_verified";
    /** Nothing was checked. */
    public static final String NOT_VERIFIED = "not_verified";

    /** Copies the lists. */
    public Verification {
        questions = questions == null ? List.of() : List.copyOf(questions);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    /** Nothing checked, and why. */
    public static Verification notVerified(String why) {
        return new Verification(NOT_VERIFIED, why, List.of(), 0, List.of());
    }

    /** The same, with a consensus decision added. */
    public Verification with(Decision decision) {
        List<Decision> all = new java.util.ArrayList<>(decisions);
        all.add(decision);
        return new Verification(status, note, questions, modelCalls, all);
    }

    /**
     * One question.
     *
     * @param questionId    its id in the quiz
     * @param key           its answer key
     * @param solvers       each solver's answer
     * @param agreement     the share of the answering solvers that agree with the key (0-1)
     * @param decision      {@value #ACCEPTED}, {@value #REGENERATED} (disputed, then made again and accepted),
     *                      {@value #FLAGGED} (still disputed: the quality report names it) or {@value #UNVERIFIED}
     *                      (no solver could answer it)
     * @param regenerations how many times the quiz was made again while this question was disputed
     */
    public record QuestionCheck(String questionId, List<String> key, List<SolverAnswer> solvers, double agreement,
            String decision, int regenerations) {

        /** Accepted at once. */
        public static final String ACCEPTED = "accepted";
        /** Accepted after the quiz was made again. */
        public static final String REGENERATED = "regenerated";
        /** Still disputed. */
        public static final String FLAGGED = "flagged";
        /** No solver could answer. */
        public static final String UNVERIFIED = "unverified";

        /** Copies the lists. */
        public QuestionCheck {
            key = key == null ? List.of() : List.copyOf(key);
            solvers = solvers == null ? List.of() : List.copyOf(solvers);
        }
    }

    /**
     * One solver's answer.
     *
     * @param solver        e.g. {@code arithmetic} (deterministic) or {@code openai#2}
     * @param deterministic whether it computed the answer (then it alone decides)
     * @param answer        its answer, empty when it could not answer
     * @param agrees        whether the answer is the key's
     * @param error         why it could not answer, or null
     */
    public record SolverAnswer(String solver, boolean deterministic, List<String> answer, boolean agrees, String error) {

        /** Copies the answer. */
        public SolverAnswer {
            answer = answer == null ? List.of() : List.copyOf(answer);
        }
    }

    /**
     * A consensus among candidates.
     *
     * @param step       the step
     * @param strategy   e.g. {@code threshold}
     * @param candidates how many candidates were made, all rounds
     * @param rounds     rounds of candidates (more than 1 when the first did not agree)
     * @param scores     every reviewer's score of every candidate
     * @param votes      every reviewer's vote
     * @param chosen     the chosen candidate's index
     * @param agreement  the chosen candidate's share of the votes (weighted as the strategy weighs them)
     * @param outcome    {@value #CHOSEN} or {@value #NEEDS_REVIEW}
     * @param reason     the decision in words
     */
    public record Decision(String step, String strategy, int candidates, int rounds, List<Score> scores, List<Vote> votes,
            int chosen, double agreement, String outcome, String reason) {

        /** Consensus reached. */
        public static final String CHOSEN = "chosen";
        /** No consensus: the best scored candidate was taken, and a teacher should review it. */
        public static final String NEEDS_REVIEW = "needs_review";

        /** Copies the lists. */
        public Decision {
            scores = scores == null ? List.of() : List.copyOf(scores);
            votes = votes == null ? List.of() : List.copyOf(votes);
        }
    }

    /**
     * A reviewer's score of a candidate on the rubric, each criterion 0-1.
     *
     * @param reviewer   who scored
     * @param candidate  the candidate's index
     * @param alignment  curriculum alignment
     * @param accessibility accessibility
     * @param quality    quality
     * @param total      weighted by the rubric's weights
     * @param confidence the reviewer's confidence, 0-1
     */
    public record Score(String reviewer, int candidate, double alignment, double accessibility, double quality, double total,
            double confidence) {
    }

    /**
     * A reviewer's vote: for its best scored candidate.
     *
     * @param reviewer   who voted
     * @param candidate  for which candidate
     * @param weight     the reviewer's configured weight
     * @param confidence its confidence, 0-1
     */
    public record Vote(String reviewer, int candidate, double weight, double confidence) {
    }
}
