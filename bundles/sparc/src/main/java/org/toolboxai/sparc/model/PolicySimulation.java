package org.toolboxai.sparc.model;

import java.util.List;
import java.util.Random;

/**
 * Simulated students for comparing pedagogical policies: each has a hidden probability of
 * knowing a skill, and each action helps differently depending on where the student is (a worked
 * example helps most while the skill is new, practice at the target difficulty in the middle, a
 * challenge once it is nearly mastered, a review does little before anything is known). The
 * tutor sees only the answers, tracks mastery with BKT, and is rewarded by the BKT mastery gain
 * after each action. The result is the mean true mastery after a fixed number of steps.
 */
public final class PolicySimulation {

    /** The pedagogical actions. */
    public static final List<String> ACTIONS = List.of("worked_example", "hint", "practice", "challenge", "review");

    /** The mean true mastery at the end, for a bandit and for always doing {@code fixedAction}. */
    public record Result(double bandit, double fixed, String fixedAction) {
    }

    private PolicySimulation() {
    }

    /** How much an action raises the true chance of knowing the skill, by where the student is. */
    static double effect(String action, double known) {
        double low = known < 0.4 ? 1 : 0;
        double mid = known >= 0.4 && known < 0.8 ? 1 : 0;
        double high = known >= 0.8 ? 1 : 0;
        return switch (action) {
            case "worked_example" -> 0.12 * low + 0.04 * mid + 0.01 * high;
            case "hint" -> 0.05 * low + 0.05 * mid + 0.01 * high;
            case "practice" -> 0.03 * low + 0.10 * mid + 0.03 * high;
            case "challenge" -> 0.00 * low + 0.03 * mid + 0.08 * high;
            case "review" -> 0.01 * low + 0.02 * mid + 0.04 * high;
            default -> throw new IllegalArgumentException(action);
        };
    }

    /** The context the tutor sees: its BKT estimate of mastery, in three bands. */
    static String context(double estimated) {
        return estimated < 0.4 ? "new" : estimated < 0.8 ? "learning" : "nearly-mastered";
    }

    /** Runs {@code students} students of {@code steps} steps under each policy. */
    public static Result run(long seed, int students, int steps, String fixedAction) {
        return new Result(mean(seed, students, steps, null), mean(seed, students, steps, fixedAction), fixedAction);
    }

    private static double mean(long seed, int students, int steps, String fixedAction) {
        Random random = new Random(seed);
        Bandit bandit = new Bandit(ACTIONS, 0.2);
        Bkt.Params tracking = Bkt.DEFAULTS;
        double total = 0;
        for (int s = 0; s < students; s++) {
            double known = 0.1 * random.nextDouble();
            double estimated = tracking.prior();
            for (int t = 0; t < steps; t++) {
                String context = context(estimated);
                String action = fixedAction != null ? fixedAction : bandit.choose(context, random);
                known = Math.min(1, known + effect(action, known) * (0.5 + random.nextDouble()));
                // the tutor then sees one answer: right with the chance a known or unknown skill gives
                boolean knows = random.nextDouble() < known;
                boolean correct = knows ? random.nextDouble() >= tracking.slip() : random.nextDouble() < tracking.guess();
                double before = estimated;
                estimated = Bkt.update(estimated, correct, tracking);
                if (fixedAction == null) {
                    bandit.reward(context, action, estimated - before);
                }
            }
            total += known;
        }
        return total / students;
    }
}
