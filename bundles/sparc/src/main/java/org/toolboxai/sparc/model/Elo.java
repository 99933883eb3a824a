package org.toolboxai.sparc.model;

/**
 * Online calibration with the Elo rating model (as adapted to education by Pelánek): after each
 * answer the student's ability and the item's difficulty move by the surprise
 * {@code (result - expected)}, scaled by an uncertainty function {@code K(n) = alpha / (1 + beta n)}
 * that shrinks as the student or the item collects answers. The expected result has a guessing
 * floor for multiple choice: {@code c + (1 - c) / (1 + e^-(θ - b))}. Used for new items until
 * they have answers enough for IRT estimates.
 */
public final class Elo {

    /** The step sizes: {@code K(n) = alpha / (1 + beta n)}. */
    public record Settings(double alpha, double beta) {
    }

    /** Values from the literature (Pelánek 2016: alpha 1, beta 0.05). */
    public static final Settings DEFAULTS = new Settings(1.0, 0.05);

    /** An answer's effect: the new ability and the new difficulty. */
    public record Updated(double theta, double difficulty) {
    }

    private Elo() {
    }

    /** The probability of a right answer. */
    public static double expected(double theta, double difficulty, double guess) {
        return guess + (1 - guess) / (1 + Math.exp(-(theta - difficulty)));
    }

    /** The uncertainty function: the step after {@code answers} answers. */
    public static double k(int answers, Settings s) {
        return s.alpha() / (1 + s.beta() * answers);
    }

    /**
     * One answer: {@code studentAnswers} and {@code itemAnswers} are how many each had before it.
     */
    public static Updated update(double theta, double difficulty, boolean correct, double guess, int studentAnswers, int itemAnswers,
            Settings s) {
        double surprise = (correct ? 1 : 0) - expected(theta, difficulty, guess);
        return new Updated(theta + k(studentAnswers, s) * surprise, difficulty - k(itemAnswers, s) * surprise);
    }
}
