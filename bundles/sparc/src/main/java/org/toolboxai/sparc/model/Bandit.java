package org.toolboxai.sparc.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A contextual bandit by Thompson sampling: for each context (a few discrete features of the
 * student's state) and action, the mean reward has a normal posterior (prior N(0, 1), rewards
 * with variance {@code noise²}); to choose, one value is drawn from each action's posterior and
 * the largest wins, so actions are tried in proportion to the chance that they are best. The
 * reward is measured learning (the BKT mastery gain the action was followed by), never a
 * hand-set weight. Not thread-safe: one per learner model, under its lock.
 */
public final class Bandit {

    /** The posterior of one action in one context: its mean and how many rewards it has seen. */
    public record Arm(double mean, int count) {
    }

    private final List<String> actions;
    private final double noise;
    private final Map<String, Map<String, double[]>> stats = new HashMap<>();

    /** {@code noise}: the standard deviation of one reward around its action's mean. */
    public Bandit(List<String> actions, double noise) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a bandit needs actions");
        }
        this.actions = List.copyOf(actions);
        this.noise = noise;
    }

    /** Picks an action for the context by drawing from each action's posterior. */
    public String choose(String context, Random random) {
        String best = null;
        double bestDraw = Double.NEGATIVE_INFINITY;
        for (String action : actions) {
            Arm arm = arm(context, action);
            // posterior of the mean: N(m, 1 / (1 + n / noise²)) under the prior N(0, 1)
            double precision = 1 + arm.count() / (noise * noise);
            double draw = arm.mean() + random.nextGaussian() / Math.sqrt(precision);
            if (draw > bestDraw) {
                bestDraw = draw;
                best = action;
            }
        }
        return best;
    }

    /** Records the reward an action got in a context. */
    public void reward(String context, String action, double reward) {
        if (!actions.contains(action)) {
            throw new IllegalArgumentException("unknown action " + action);
        }
        double[] s = stats.computeIfAbsent(context, c -> new HashMap<>()).computeIfAbsent(action, a -> new double[2]);
        s[0] += reward;
        s[1] += 1;
    }

    /** The posterior of an action in a context (mean 0 and no rewards before any). */
    public Arm arm(String context, String action) {
        double[] s = stats.getOrDefault(context, Map.of()).get(action);
        if (s == null) {
            return new Arm(0, 0);
        }
        // posterior mean under the N(0, 1) prior: sum / (noise² + n)
        return new Arm(s[0] / (noise * noise + s[1]), (int) s[1]);
    }
}
