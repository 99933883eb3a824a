package org.toolboxai.api.swarm;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.toolboxai.api.content.Quiz;

/**
 * The swarm, registered by the swarm bundle while it is installed. The content agents use it when
 * it is there and work alone (saying so in the package) when it is not.
 */
@ProviderType
public interface Swarm {

    /**
     * Has every question of the quiz answered, without its key, by the deterministic solvers that
     * can read it, else by the configured model solvers, and compares their answers with the key.
     *
     * @param quiz     the quiz, keys included (the solvers never see them)
     * @param task     whose quiz it is, and how to reach the models
     * @param previous the verification of the previous version of the same quiz (its answers are reused
     *                 for questions that did not change, its disputes mark regenerated questions), or null
     * @throws InterruptedException when the run was cancelled or the swarm stopped meanwhile
     */
    Verification verify(Quiz quiz, SwarmTask task, Verification previous) throws InterruptedException;

    /** How many times a quiz with disputed keys is made again before what still disagrees is flagged. */
    int maxRegenerations();

    /**
     * How many candidates a step gets: its template marks it with {@code "swarm": {"candidates": n}};
     * 0 when it is not marked or no reviewers are configured (the step then makes one answer alone).
     */
    int candidates(Map<String, Object> stepConfig);

    /**
     * Makes the candidates in parallel, has every reviewer score each against the rubric, and picks
     * one by the step's consensus strategy; when the votes do not agree enough, makes new
     * candidates (bounded) and then picks the best scored as {@code needs_review}.
     *
     * @param task       the step
     * @param stepConfig the step's template configuration (its {@code swarm} mark: count, strategy)
     * @param maker      makes candidate {@code i} (0-based), with feedback from an earlier round or null
     */
    Choice choose(SwarmTask task, Map<String, Object> stepConfig, CandidateMaker maker) throws Exception;
}
