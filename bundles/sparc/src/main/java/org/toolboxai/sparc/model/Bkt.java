package org.toolboxai.sparc.model;

import java.util.List;

/**
 * Bayesian Knowledge Tracing: a skill is known or not; a known skill is answered right unless
 * the student slips, an unknown one only by a guess; after each chance to practise an unknown
 * skill becomes known with probability {@code learn}, and a known one is forgotten with
 * probability {@code forget} (0 in classic BKT). {@link #fit} estimates the parameters from
 * answer sequences with expectation-maximisation (Baum-Welch on this two-state hidden Markov
 * model); until there is enough data a skill uses {@link #DEFAULTS}.
 */
public final class Bkt {

    /** The parameters of one skill. */
    public record Params(double prior, double learn, double guess, double slip, double forget) {
        public Params {
            for (double v : new double[] {prior, learn, guess, slip, forget}) {
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException("BKT parameters are probabilities: " + v);
                }
            }
            if (!(guess > 0 && slip > 0 && guess + slip < 1)) {
                // at 0 an answer could be impossible in a state (0/0 in the update); at guess + slip >= 1 knowing helps nothing
                throw new IllegalArgumentException("BKT needs 0 < guess, 0 < slip and guess + slip < 1: " + guess + ", " + slip);
            }
        }
    }

    /** What a skill starts with before its answers are enough to fit: common values in the literature. */
    public static final Params DEFAULTS = new Params(0.2, 0.15, 0.2, 0.1, 0);

    /** Guess and slip stay below this, so that "known" keeps meaning known (the model is otherwise not identifiable). */
    static final double MAX_GUESS_SLIP = 0.45;

    private Bkt() {
    }

    /** The probability of a right answer when the skill is known with probability {@code known}. */
    public static double predict(double known, Params p) {
        return known * (1 - p.slip()) + (1 - known) * p.guess();
    }

    /** The probability that the skill is known after an answer (and the chance to learn that came with it). */
    public static double update(double known, boolean correct, Params p) {
        double posterior = correct ? known * (1 - p.slip()) / predict(known, p)
                : known * p.slip() / (1 - predict(known, p));
        return posterior * (1 - p.forget()) + (1 - posterior) * p.learn();
    }

    /**
     * Fits the parameters to answer sequences (one per student, in order) by EM from
     * {@code start}; {@code fitForget} false keeps forget at 0. Stops when no parameter moves
     * more than 1e-7 or after {@code maxIterations}.
     */
    public static Params fit(List<boolean[]> sequences, Params start, boolean fitForget, int maxIterations) {
        Params p = start;
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            double priorSum = 0;
            double fromUnknown = 0;
            double learned = 0;
            double fromKnown = 0;
            double forgot = 0;
            double unknownAll = 0;
            double unknownRight = 0;
            double knownAll = 0;
            double knownWrong = 0;
            int students = 0;
            for (boolean[] answers : sequences) {
                int n = answers.length;
                if (n == 0) {
                    continue;
                }
                students++;
                // forward, scaled: alpha[t][s] = P(state s at t | answers up to t)
                double[][] alpha = new double[n][2];
                double[] scale = new double[n];
                double[] trans0 = {1 - p.learn(), p.learn()};
                double[] trans1 = {p.forget(), 1 - p.forget()};
                for (int t = 0; t < n; t++) {
                    double before0;
                    double before1;
                    if (t == 0) {
                        before0 = 1 - p.prior();
                        before1 = p.prior();
                    } else {
                        before0 = alpha[t - 1][0] * trans0[0] + alpha[t - 1][1] * trans1[0];
                        before1 = alpha[t - 1][0] * trans0[1] + alpha[t - 1][1] * trans1[1];
                    }
                    double e0 = emission(false, answers[t], p);
                    double e1 = emission(true, answers[t], p);
                    double a0 = before0 * e0;
                    double a1 = before1 * e1;
                    scale[t] = a0 + a1;
                    alpha[t][0] = a0 / scale[t];
                    alpha[t][1] = a1 / scale[t];
                }
                // backward, with the same scaling
                double[][] beta = new double[n][2];
                beta[n - 1][0] = 1;
                beta[n - 1][1] = 1;
                for (int t = n - 2; t >= 0; t--) {
                    double e0 = emission(false, answers[t + 1], p);
                    double e1 = emission(true, answers[t + 1], p);
                    beta[t][0] = (trans0[0] * e0 * beta[t + 1][0] + trans0[1] * e1 * beta[t + 1][1]) / scale[t + 1];
                    beta[t][1] = (trans1[0] * e0 * beta[t + 1][0] + trans1[1] * e1 * beta[t + 1][1]) / scale[t + 1];
                }
                for (int t = 0; t < n; t++) {
                    double g0 = alpha[t][0] * beta[t][0];
                    double g1 = alpha[t][1] * beta[t][1];
                    double norm = g0 + g1;
                    g0 /= norm;
                    g1 /= norm;
                    if (t == 0) {
                        priorSum += g1;
                    }
                    unknownAll += g0;
                    knownAll += g1;
                    if (answers[t]) {
                        unknownRight += g0;
                    } else {
                        knownWrong += g1;
                    }
                    if (t < n - 1) {
                        double e0 = emission(false, answers[t + 1], p);
                        double e1 = emission(true, answers[t + 1], p);
                        double x01 = alpha[t][0] * trans0[1] * e1 * beta[t + 1][1] / scale[t + 1];
                        double x10 = alpha[t][1] * trans1[0] * e0 * beta[t + 1][0] / scale[t + 1];
                        fromUnknown += g0;
                        learned += x01;
                        fromKnown += g1;
                        forgot += x10;
                    }
                }
            }
            if (students == 0) {
                return start;
            }
            // a ratio with no weight behind it (no transitions, a state never visited) keeps its value
            Params next = new Params(bound(priorSum / students, 1e-4, 1 - 1e-4, p.prior()),
                    bound(learned / fromUnknown, 1e-4, 1 - 1e-4, p.learn()),
                    bound(unknownRight / unknownAll, 1e-4, MAX_GUESS_SLIP, p.guess()),
                    bound(knownWrong / knownAll, 1e-4, MAX_GUESS_SLIP, p.slip()),
                    fitForget ? bound(forgot / fromKnown, 0, 1 - 1e-4, p.forget()) : 0);
            boolean settled = Math.abs(next.prior() - p.prior()) < 1e-7 && Math.abs(next.learn() - p.learn()) < 1e-7
                    && Math.abs(next.guess() - p.guess()) < 1e-7 && Math.abs(next.slip() - p.slip()) < 1e-7
                    && Math.abs(next.forget() - p.forget()) < 1e-7;
            p = next;
            if (settled) {
                break;
            }
        }
        return p;
    }

    private static double emission(boolean known, boolean correct, Params p) {
        double right = known ? 1 - p.slip() : p.guess();
        return correct ? right : 1 - right;
    }

    private static double bound(double v, double min, double max, double previous) {
        return Double.isNaN(v) ? previous : Math.max(min, Math.min(max, v));
    }
}
