package org.toolboxai.swarm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the swarm ({@code etc/org.toolboxai.swarm.cfg}). */
@ObjectClassDefinition(name = "Toolbox swarm", description = "Independent solvers for answer keys; reviewers and consensus for candidates")
public @interface SwarmConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.swarm";

    @AttributeDefinition(name = "Solvers", description = "Model solvers per question (K), for questions no deterministic solver can answer", min = "1", max = "9")
    int solvers() default 3;

    @AttributeDefinition(name = "Solver providers", description = "Comma-separated model providers the K solvers use in turn (different "
            + "providers or differently configured ones); empty: the agents' provider")
    String solver_providers() default "";

    @AttributeDefinition(name = "Agreement", description = "Share of the K solvers that must give the key's answer for it to be accepted (2 of 3 by default)", min = "0", max = "1")
    double agreement() default 0.66;

    @AttributeDefinition(name = "Regenerations", description = "Times a quiz with disputed keys is made again (with the solvers' answers as feedback) before what still disagrees is flagged", min = "0", max = "5")
    int max_regenerations() default 2;

    @AttributeDefinition(name = "Reviewers", description = "Comma-separated model providers, one per reviewer, that score candidates against the rubric; "
            + "empty: steps marked for candidates make one answer alone")
    String reviewers() default "";

    @AttributeDefinition(name = "Reviewer weights", description = "Comma-separated weight of each reviewer's vote (strategy weighted); missing ones weigh 1")
    String reviewer_weights() default "";

    @AttributeDefinition(name = "Rubric weights", description = "Weights of curriculum alignment, accessibility and quality in a candidate's score")
    String rubric_weights() default "0.3,0.2,0.5";

    @AttributeDefinition(name = "Strategy", description = "Consensus strategy when the template's mark names none: majority, weighted, unanimous, threshold or confidence_weighted")
    String strategy() default "threshold";

    @AttributeDefinition(name = "Threshold", description = "Share of the votes the threshold strategy needs", min = "0", max = "1")
    double threshold() default 0.7;

    @AttributeDefinition(name = "Minimum votes", description = "Votes every consensus needs", min = "1")
    int min_votes() default 3;

    @AttributeDefinition(name = "Minimum agreement", description = "Share of the votes the chosen candidate needs under every strategy", min = "0", max = "1")
    double min_agreement() default 0.6;

    @AttributeDefinition(name = "Consensus rounds", description = "Rounds of candidates before the best scored is taken as needs_review", min = "1", max = "5")
    int consensus_rounds() default 2;

    @AttributeDefinition(name = "Pool", description = "Threads for the swarm's model calls (a bounded pool with a priority-fair queue)", min = "1", max = "64")
    int pool_size() default 16;

    @AttributeDefinition(name = "Queue", description = "Swarm tasks that may wait for the pool; beyond it a task is refused", min = "1")
    int queue_size() default 1000;

    @AttributeDefinition(name = "Calls per package", description = "Model calls the swarm (solvers and reviewers) makes for one package at most; "
            + "questions beyond it stay unverified", min = "1")
    int max_model_calls_per_package() default 60;
}
