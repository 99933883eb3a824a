package org.toolboxai.api.swarm;

import org.osgi.annotation.versioning.ConsumerType;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;

/**
 * How the swarm reaches the models: the content agents lend it their guarded path (the resource
 * coordinator's permits, rate limits and budgets, the ledger), so that a solver's or reviewer's
 * call is limited and booked like every other.
 */
@ConsumerType
public interface ModelAccess {

    /** The provider the agents use, e.g. {@code offline} or {@code openai}. */
    String activeProvider();

    /** Whether the named provider is installed and can do the task at all (the offline one cannot solve questions). */
    default boolean answers(String provider, String task) {
        return true;
    }

    /**
     * One call to a named provider.
     *
     * @param provider  the provider's name
     * @param operation what the call is for, e.g. {@code solve} or {@code rate}, for the ledger
     * @throws Exception the provider's {@link org.toolboxai.api.model.ModelException}, or a refusal of
     *                   the guardrails (rate limit, budget)
     */
    ModelReply ask(String provider, String operation, ModelRequest request) throws Exception;
}
