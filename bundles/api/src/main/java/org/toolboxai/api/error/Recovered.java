package org.toolboxai.api.error;

import java.util.List;

/**
 * What a call under recovery returned, and how it got there.
 *
 * @param value      the answer
 * @param service    the service that gave it (a fallback when it is not the one asked for)
 * @param attempts   attempts made, 1 when the first one succeeded
 * @param recoveries what was done on the way, in words (e.g. "openai: HTTP 500; retried after 1.2 s"),
 *                   for the package's provenance
 * @param <T>        the answer's type
 */
public record Recovered<T>(T value, String service, int attempts, List<String> recoveries) {

    /** Copies the list. */
    public Recovered {
        recoveries = recoveries == null ? List.of() : List.copyOf(recoveries);
    }
}
