package org.toolboxai.api.swarm;

import org.osgi.annotation.versioning.ConsumerType;

/** Makes one candidate of a step's answer, as the step would make its only one. */
@ConsumerType
@FunctionalInterface
public interface CandidateMaker {

    /**
     * @param index    0-based, distinct for every candidate of the step, so that a deterministic
     *                 generator can vary its answer
     * @param feedback why the earlier candidates were not accepted, or null
     * @return the candidate as JSON, already checked by the step
     */
    String make(int index, String feedback) throws Exception;
}
