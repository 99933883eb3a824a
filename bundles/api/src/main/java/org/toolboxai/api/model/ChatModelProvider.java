package org.toolboxai.api.model;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of generated content, registered as an OSGi service by a provider bundle
 * ({@code provider.offline}, {@code provider.openai} ...). The agents use the one named by their
 * configuration; providers can be installed and removed while the system runs.
 */
@ConsumerType
public interface ChatModelProvider {

    /** Unique name used in configuration, e.g. {@code offline} or {@code openai}. */
    String name();

    /** The model it uses by default, for provenance. */
    String model();

    /** Generates an answer. */
    ModelReply complete(ModelRequest request) throws ModelException;

    /**
     * Why this provider cannot answer now (no API key configured ...), in words an administrator
     * can act on; empty when it can. Health reports it while the provider is the active one.
     *
     * @since 1.1.0
     */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /**
     * The most tokens one answer can have (the {@code max_tokens} the provider sends), or empty
     * when it sets no cap. A budget reservation assumes this many answer tokens, so that the
     * settled cost of a call never passes its reservation.
     *
     * @since 2.2.0
     */
    default java.util.OptionalLong maxOutputTokens() {
        return java.util.OptionalLong.empty();
    }

    /**
     * Whether this provider can do a task at all ({@code quiz}, {@code solve} ...): a general model can,
     * a generator made for some tasks (the offline one) says which. Callers that may skip a task (the
     * swarm's solvers and reviewers) ask first instead of calling and failing.
     *
     * @since 2.3.0
     */
    default boolean answers(String task) {
        return true;
    }
}
