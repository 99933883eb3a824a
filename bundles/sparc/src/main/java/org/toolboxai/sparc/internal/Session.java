package org.toolboxai.sparc.internal;

/**
 * An adaptive session as stored. While it is active, {@code itemId} is the item presented at
 * {@code position} (1-based), and only an answer to that item at that position is accepted.
 *
 * @param mode      {@code assessment} (the next item by information) or {@code practice} (the policy's action)
 * @param state     {@code active} or {@code finished}
 * @param action    in practice, the pedagogical action that presented the current item
 * @param stopReason why it finished, or {@code null}
 * @param seed      the session's random seed (exposure control, the policy's draws)
 */
record Session(String id, String student, String bank, String mode, String state, int minItems, int maxItems, double targetSe,
        Double cutScore, int position, String itemId, String action, double theta, double se, String stopReason, long seed,
        String startedBy, long createdAt, long updatedAt) {

    static final String ASSESSMENT = "assessment";
    static final String PRACTICE = "practice";
    static final String ACTIVE = "active";
    static final String FINISHED = "finished";

    boolean active() {
        return ACTIVE.equals(state);
    }

    /** Answers given so far. */
    int answered() {
        return active() ? position - 1 : position;
    }

    Session next(int newPosition, String newItem, String newAction, double newTheta, double newSe, long now) {
        return new Session(id, student, bank, mode, state, minItems, maxItems, targetSe, cutScore, newPosition, newItem, newAction,
                newTheta, newSe, null, seed, startedBy, createdAt, now);
    }

    Session finished(double newTheta, double newSe, String reason, long now) {
        return new Session(id, student, bank, mode, FINISHED, minItems, maxItems, targetSe, cutScore, position, null, null, newTheta,
                newSe, reason, seed, startedBy, createdAt, now);
    }

    Session withPosition(int newPosition) {
        return new Session(id, student, bank, mode, state, minItems, maxItems, targetSe, cutScore, newPosition, itemId, action, theta, se,
                stopReason, seed, startedBy, createdAt, updatedAt);
    }
}
