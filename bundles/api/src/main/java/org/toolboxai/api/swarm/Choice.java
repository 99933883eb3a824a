package org.toolboxai.api.swarm;

/**
 * The candidate a consensus picked.
 *
 * @param index    the candidate's index
 * @param json     the candidate, as its maker made it
 * @param decision the votes, scores and outcome, for the package's provenance
 */
public record Choice(int index, String json, Verification.Decision decision) {
}
