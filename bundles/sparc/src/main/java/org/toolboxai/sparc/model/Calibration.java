package org.toolboxai.sparc.model;

import java.util.List;

/**
 * Online calibration of a new item from the answers it has had, with the answering students'
 * ability estimates taken as known (fixed-ability calibration, Stocking's "method A"), and the
 * item's fit to the model (infit and outfit mean squares: near 1 for an item that behaves as
 * the model says, above about 1.3 for one that does not).
 */
public final class Calibration {

    /** One answer to the item: the student's estimate before it, and whether it was right. */
    public record Observation(double theta, boolean correct) {
    }

    /** Fit mean squares; {@code NaN} without answers. */
    public record Fit(double infit, double outfit) {
    }

    private Calibration() {
    }

    /**
     * The maximum-likelihood difficulty for fixed discrimination {@code a} and guessing {@code c},
     * by Newton's method with step halving from {@code start}, kept within ±{@value Irt#BOUND}
     * (all right or all wrong answers have no finite maximum and end at that bound).
     */
    public static double difficulty(List<Observation> observations, double a, double c, double start) {
        double b = Math.max(-Irt.BOUND, Math.min(Irt.BOUND, start));
        for (int iteration = 0; iteration < 50; iteration++) {
            double score = 0;
            double information = 0;
            for (Observation o : observations) {
                Irt.Item item = new Irt.Item(a, b, c);
                double p = Irt.p(o.theta(), item);
                // d log L / d b = -a (x - p) (p - c) / (p (1 - c)); expected information a² (p - c)² q / (p (1 - c)²)
                double w = (p - c) / (p * (1 - c));
                score += -a * ((o.correct() ? 1 : 0) - p) * w;
                information += a * a * (p - c) * (p - c) * (1 - p) / (p * (1 - c) * (1 - c));
            }
            if (information <= 1e-12) {
                break;
            }
            double step = score / information;
            double before = logLikelihood(observations, a, b, c);
            double next = clamp(b + step);
            for (int halving = 0; halving < 20 && logLikelihood(observations, a, next, c) < before; halving++) {
                step /= 2;
                next = clamp(b + step);
            }
            if (Math.abs(next - b) < 1e-8) {
                return next;
            }
            b = next;
        }
        return b;
    }

    /** Infit and outfit mean squares of the answers against the item's parameters. */
    public static Fit fit(List<Observation> observations, Irt.Item item) {
        if (observations.isEmpty()) {
            return new Fit(Double.NaN, Double.NaN);
        }
        double squares = 0;
        double variance = 0;
        double standardised = 0;
        for (Observation o : observations) {
            double p = Irt.p(o.theta(), item);
            double residual = (o.correct() ? 1 : 0) - p;
            double v = p * (1 - p);
            squares += residual * residual;
            variance += v;
            standardised += residual * residual / v;
        }
        return new Fit(squares / variance, standardised / observations.size());
    }

    private static double logLikelihood(List<Observation> observations, double a, double b, double c) {
        double sum = 0;
        Irt.Item item = new Irt.Item(a, b, c);
        for (Observation o : observations) {
            double p = Irt.p(o.theta(), item);
            sum += Math.log(o.correct() ? p : 1 - p);
        }
        return sum;
    }

    private static double clamp(double b) {
        return Math.max(-Irt.BOUND, Math.min(Irt.BOUND, b));
    }
}
