package org.toolboxai.sparc.model;

/**
 * The FSRS spaced-repetition scheduler (version 6, the 21 parameters of the open-source
 * reference implementation, py-fsrs): a memory has a stability S (days until recall falls to
 * 90%) and a difficulty D (1-10); each review, rated Again (1), Hard (2), Good (3) or Easy (4),
 * updates both, and the next review is due when the predicted recall falls to the desired
 * retention. Recall after t days: {@code R = (1 + F t / S)^-w20}, with
 * {@code F = 0.9^(-1/w20) - 1} (so R = 0.9 at t = S); a review counts whole days since the last.
 */
public final class Fsrs {

    /** The default parameters w0..w20 of py-fsrs (FSRS-6). */
    public static final double[] DEFAULT_PARAMETERS = {0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666,
        0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};
    static final double MIN_STABILITY = 0.001;

    /** A memory's state. */
    public record Memory(double stability, double difficulty) {
    }

    private final double[] w;
    private final double desiredRetention;
    private final int maximumIntervalDays;
    private final double decay;
    private final double factor;

    public Fsrs(double[] parameters, double desiredRetention, int maximumIntervalDays) {
        if (parameters.length != 21) {
            throw new IllegalArgumentException("FSRS-6 has 21 parameters, not " + parameters.length);
        }
        if (!(desiredRetention > 0 && desiredRetention < 1)) {
            throw new IllegalArgumentException("the desired retention is a probability: " + desiredRetention);
        }
        this.w = parameters.clone();
        this.desiredRetention = desiredRetention;
        this.maximumIntervalDays = maximumIntervalDays;
        this.decay = -w[20];
        this.factor = Math.pow(0.9, 1 / decay) - 1;
    }

    /** The defaults: retention 0.9, at most 100 years between reviews. */
    public static Fsrs standard() {
        return new Fsrs(DEFAULT_PARAMETERS, 0.9, 36_500);
    }

    /** The memory after its first review. */
    public Memory first(int rating) {
        check(rating);
        return new Memory(Math.max(MIN_STABILITY, w[rating - 1]), clampDifficulty(initialDifficulty(rating)));
    }

    /** The probability of recall {@code elapsedDays} after the last review. */
    public double retrievability(Memory memory, double elapsedDays) {
        return Math.pow(1 + factor * elapsedDays / memory.stability(), decay);
    }

    /** The memory after a review {@code elapsedDays} after the previous one (under a day: a same-day review). */
    public Memory review(Memory memory, int rating, double elapsedDays) {
        check(rating);
        double d = nextDifficulty(memory.difficulty(), rating);
        double s;
        if (elapsedDays < 1) {
            double increase = Math.exp(w[17] * (rating - 3 + w[18])) * Math.pow(memory.stability(), -w[19]);
            if (rating >= 3) {
                increase = Math.max(increase, 1);
            }
            s = memory.stability() * increase;
        } else {
            // whole days, as the reference implementation counts them (its parameters were fitted so)
            double r = retrievability(memory, Math.floor(elapsedDays));
            s = rating == 1 ? forgetStability(memory, r) : recallStability(memory, r, rating);
        }
        return new Memory(Math.max(MIN_STABILITY, s), d);
    }

    /** Whole days until the next review: when recall is predicted to fall to the desired retention (1 to the maximum). */
    public int intervalDays(Memory memory) {
        double days = memory.stability() / factor * (Math.pow(desiredRetention, 1 / decay) - 1);
        return (int) Math.max(1, Math.min(maximumIntervalDays, Math.round(days)));
    }

    double initialDifficulty(int rating) {
        return w[4] - Math.exp(w[5] * (rating - 1)) + 1;
    }

    private double nextDifficulty(double difficulty, int rating) {
        double delta = -w[6] * (rating - 3);
        double damped = difficulty + (10 - difficulty) * delta / 9;
        return clampDifficulty(w[7] * initialDifficulty(4) + (1 - w[7]) * damped);
    }

    private double recallStability(Memory m, double r, int rating) {
        double hard = rating == 2 ? w[15] : 1;
        double easy = rating == 4 ? w[16] : 1;
        return m.stability() * (1 + Math.exp(w[8]) * (11 - m.difficulty()) * Math.pow(m.stability(), -w[9])
                * (Math.exp((1 - r) * w[10]) - 1) * hard * easy);
    }

    private double forgetStability(Memory m, double r) {
        double longTerm = w[11] * Math.pow(m.difficulty(), -w[12]) * (Math.pow(m.stability() + 1, w[13]) - 1) * Math.exp((1 - r) * w[14]);
        return Math.min(longTerm, m.stability() / Math.exp(w[17] * w[18]));
    }

    private static double clampDifficulty(double d) {
        return Math.max(1, Math.min(10, d));
    }

    private static void check(int rating) {
        if (rating < 1 || rating > 4) {
            throw new IllegalArgumentException("a rating is 1 (Again) to 4 (Easy): " + rating);
        }
    }
}
