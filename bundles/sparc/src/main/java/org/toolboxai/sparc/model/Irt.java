package org.toolboxai.sparc.model;

import java.util.List;

/**
 * Item Response Theory on the logistic scale (D = 1): the probability of a correct answer
 * {@code P = c + (1 - c) / (1 + e^(-a(θ - b)))} (2PL when c = 0), its Fisher information, and
 * ability estimates from a response pattern.
 * <ul>
 * <li><b>EAP</b>: the posterior mean and standard deviation on a fixed grid of quadrature points
 *     (61 from -4 to 4) with a normal prior. Always defined; the default.</li>
 * <li><b>MAP</b>: the posterior mode by Newton-Raphson, its standard error from the posterior's
 *     information (test information plus 1/σ² of the prior).</li>
 * <li><b>MLE</b>: the likelihood's maximum by Newton-Raphson. An all-correct or all-wrong
 *     pattern has no finite maximum: then the MAP estimate is answered (flagged
 *     {@link Estimate#fallback}).</li>
 * </ul>
 */
public final class Irt {

    /** An item's parameters: discrimination a, difficulty b, guessing c (0 for 2PL). */
    public record Item(double a, double b, double c) {
        public Item {
            if (!(a > 0) || !Double.isFinite(b) || c < 0 || c >= 1) {
                throw new IllegalArgumentException("an item needs a > 0, a finite b and 0 <= c < 1: " + a + ", " + b + ", " + c);
            }
        }

        /** A 2PL item. */
        public static Item twoPl(double a, double b) {
            return new Item(a, b, 0);
        }
    }

    /** One answer to an item. */
    public record Response(Item item, boolean correct) {
    }

    /** An ability estimate with its standard error; {@code fallback}: MLE answered by MAP. */
    public record Estimate(double theta, double se, boolean fallback) {
    }

    static final int GRID_POINTS = 61;
    static final double GRID_MIN = -4;
    static final double GRID_MAX = 4;

    private Irt() {
    }

    /** Probability of a correct answer. */
    public static double p(double theta, Item item) {
        return item.c() + (1 - item.c()) / (1 + Math.exp(-item.a() * (theta - item.b())));
    }

    /** Fisher information of the item at θ: {@code a² (Q/P) ((P - c)/(1 - c))²} (for 2PL, {@code a² P Q}). */
    public static double information(double theta, Item item) {
        double p = p(theta, item);
        double q = 1 - p;
        double r = (p - item.c()) / (1 - item.c());
        return item.a() * item.a() * (q / p) * r * r;
    }

    /** The sum of the items' information at θ. */
    public static double testInformation(double theta, List<Item> items) {
        double sum = 0;
        for (Item item : items) {
            sum += information(theta, item);
        }
        return sum;
    }

    /** Expected a posteriori estimate with a normal prior N(mean, sd²). */
    public static Estimate eap(List<Response> responses, double priorMean, double priorSd) {
        double step = (GRID_MAX - GRID_MIN) / (GRID_POINTS - 1);
        double[] logPost = new double[GRID_POINTS];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < GRID_POINTS; k++) {
            double theta = GRID_MIN + k * step;
            double z = (theta - priorMean) / priorSd;
            double lp = -0.5 * z * z + logLikelihood(theta, responses);
            logPost[k] = lp;
            max = Math.max(max, lp);
        }
        double sum = 0;
        double mean = 0;
        double[] w = new double[GRID_POINTS];
        for (int k = 0; k < GRID_POINTS; k++) {
            w[k] = Math.exp(logPost[k] - max);
            sum += w[k];
            mean += w[k] * (GRID_MIN + k * step);
        }
        mean /= sum;
        double var = 0;
        for (int k = 0; k < GRID_POINTS; k++) {
            double d = GRID_MIN + k * step - mean;
            var += w[k] * d * d;
        }
        return new Estimate(mean, Math.sqrt(var / sum), false);
    }

    /** Maximum a posteriori estimate with a normal prior N(mean, sd²). */
    public static Estimate map(List<Response> responses, double priorMean, double priorSd) {
        double theta = priorMean;
        double prior = 1 / (priorSd * priorSd);
        for (int i = 0; i < 100; i++) {
            double gradient = score(theta, responses) - (theta - priorMean) * prior;
            double curvature = testInformation(theta, items(responses)) + prior;
            double next = clamp(theta + gradient / curvature);
            if (Math.abs(next - theta) < 1e-10) {
                theta = next;
                break;
            }
            theta = next;
        }
        return new Estimate(theta, 1 / Math.sqrt(testInformation(theta, items(responses)) + prior), false);
    }

    /**
     * Maximum likelihood estimate; an all-correct or all-wrong pattern (no finite maximum) is
     * answered with {@link #map} under the standard normal prior, flagged as a fallback.
     */
    public static Estimate mle(List<Response> responses) {
        boolean anyRight = responses.stream().anyMatch(Response::correct);
        boolean anyWrong = responses.stream().anyMatch(r -> !r.correct());
        if (!anyRight || !anyWrong) {
            Estimate map = map(responses, 0, 1);
            return new Estimate(map.theta(), map.se(), true);
        }
        double theta = 0;
        for (int i = 0; i < 200; i++) {
            double info = testInformation(theta, items(responses));
            double next = clamp(theta + score(theta, responses) / info);
            if (Math.abs(next - theta) < 1e-10) {
                theta = next;
                break;
            }
            theta = next;
        }
        return new Estimate(theta, 1 / Math.sqrt(testInformation(theta, items(responses))), false);
    }

    /** Log-likelihood of the responses at θ. */
    static double logLikelihood(double theta, List<Response> responses) {
        double sum = 0;
        for (Response r : responses) {
            double p = p(theta, r.item());
            sum += r.correct() ? Math.log(p) : Math.log(1 - p);
        }
        return sum;
    }

    /** Derivative of the log-likelihood at θ (for 3PL: {@code a (u - P)(P - c) / (P (1 - c))}). */
    static double score(double theta, List<Response> responses) {
        double sum = 0;
        for (Response r : responses) {
            Item item = r.item();
            double p = p(theta, item);
            double u = r.correct() ? 1 : 0;
            sum += item.a() * (u - p) * (p - item.c()) / (p * (1 - item.c()));
        }
        return sum;
    }

    private static List<Item> items(List<Response> responses) {
        return responses.stream().map(Response::item).toList();
    }

    private static double clamp(double theta) {
        return Math.max(-6, Math.min(6, theta));
    }
}
