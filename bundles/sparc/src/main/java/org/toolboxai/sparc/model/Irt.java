package org.toolboxai.sparc.model;

import java.util.List;

/**
 * Item Response Theory on the logistic scale (D = 1): the probability of a correct answer
 * {@code P = c + (1 - c) / (1 + e^(-a(θ - b)))} (2PL when c = 0), its Fisher information, and
 * ability estimates from a response pattern.
 * <ul>
 * <li><b>EAP</b>: the posterior mean and standard deviation on a grid of 61 quadrature points
 *     over the prior's mean ± 5 SD (at least -4 to 4) with a normal prior. Always defined; the default.</li>
 * <li><b>MAP</b>: the posterior mode by Newton-Raphson, its standard error from the posterior's
 *     information (test information plus 1/σ² of the prior).</li>
 * <li><b>MLE</b>: the likelihood's maximum by Fisher scoring with step halving, from the EAP
 *     estimate. An all-correct or all-wrong pattern, or a 3PL pattern whose likelihood keeps
 *     rising towards an end of the scale, has no finite maximum: then the MAP estimate is
 *     answered (flagged {@link Estimate#fallback}).</li>
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
        // the grid spans the prior, 5 SD each side, and at least -4..4
        double low = Math.min(GRID_MIN, priorMean - 5 * priorSd);
        double high = Math.max(GRID_MAX, priorMean + 5 * priorSd);
        double step = (high - low) / (GRID_POINTS - 1);
        double[] logPost = new double[GRID_POINTS];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < GRID_POINTS; k++) {
            double theta = low + k * step;
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
            mean += w[k] * (low + k * step);
        }
        mean /= sum;
        double var = 0;
        for (int k = 0; k < GRID_POINTS; k++) {
            double d = low + k * step - mean;
            var += w[k] * d * d;
        }
        return new Estimate(mean, Math.sqrt(var / sum), false);
    }

    /** Maximum a posteriori estimate with a normal prior N(mean, sd²). */
    public static Estimate map(List<Response> responses, double priorMean, double priorSd) {
        double prior = 1 / (priorSd * priorSd);
        double theta = climb(responses, eap(responses, priorMean, priorSd).theta(), priorMean, prior);
        return new Estimate(theta, 1 / Math.sqrt(testInformation(theta, items(responses)) + prior), false);
    }

    /**
     * Maximum likelihood estimate. With no finite maximum (an all-correct or all-wrong pattern, or
     * a 3PL pattern whose likelihood keeps rising towards an end of the scale) the {@link #map}
     * estimate under the standard normal prior is answered, flagged as a fallback.
     */
    public static Estimate mle(List<Response> responses) {
        boolean anyRight = responses.stream().anyMatch(Response::correct);
        boolean anyWrong = responses.stream().anyMatch(r -> !r.correct());
        if (anyRight && anyWrong) {
            double theta = climb(responses, eap(responses, 0, 1).theta(), 0, 0);
            double inside = logLikelihood(theta, responses);
            boolean atEdge = Math.abs(theta) >= BOUND - 1e-6 || logLikelihood(-BOUND, responses) >= inside
                    || logLikelihood(BOUND, responses) >= inside;
            if (!atEdge) {
                return new Estimate(theta, 1 / Math.sqrt(testInformation(theta, items(responses))), false);
            }
        }
        Estimate map = map(responses, 0, 1);
        return new Estimate(map.theta(), map.se(), true);
    }

    /**
     * Fisher scoring on the log-posterior (prior precision {@code prior}, 0 for the likelihood
     * alone) from {@code start}, halving a step until it improves, within ±{@value #BOUND}.
     */
    private static double climb(List<Response> responses, double start, double priorMean, double prior) {
        double theta = start;
        double value = logLikelihood(theta, responses) - 0.5 * prior * (theta - priorMean) * (theta - priorMean);
        for (int i = 0; i < 200; i++) {
            double gradient = score(theta, responses) - prior * (theta - priorMean);
            double curvature = testInformation(theta, items(responses)) + prior;
            double step = gradient / Math.max(curvature, 1e-9);
            boolean moved = false;
            for (int halvings = 0; halvings < 30; halvings++) {
                double next = Math.max(-BOUND, Math.min(BOUND, theta + step));
                double nextValue = logLikelihood(next, responses) - 0.5 * prior * (next - priorMean) * (next - priorMean);
                if (nextValue >= value) {
                    moved = Math.abs(next - theta) > 1e-10;
                    theta = next;
                    value = nextValue;
                    break;
                }
                step /= 2;
            }
            if (!moved) {
                break;
            }
        }
        return theta;
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

    /** The ends of the ability scale for the Newton estimates. */
    static final double BOUND = 6;
}
