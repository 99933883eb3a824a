package org.toolboxai.api.swarm;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;
import org.toolboxai.api.content.Quiz;

/**
 * A deterministic solver, registered as a service by a bundle that can compute some questions'
 * answers (the agents' arithmetic: expressions, equations, percentages, true/false equalities).
 * The swarm asks every installed solver first; a question one of them answers needs no model.
 */
@ConsumerType
public interface QuestionSolver {

    /** Its name in the verification record, e.g. {@code arithmetic}. */
    String name();

    /**
     * The answer, in the shape of the question's type (the option's text for multiple choice,
     * {@code "true"} or {@code "false"} ...), or empty when this solver cannot read the question.
     *
     * @param question the question without its key (its answer is empty and it has no explanation)
     */
    Optional<List<String>> solve(Quiz.Question question);

    /**
     * Whether an answer agrees with the key: the same number written another way ({@code 0.5} and
     * {@code 1/2}) agrees.
     */
    boolean agrees(List<String> answer, List<String> key);
}
