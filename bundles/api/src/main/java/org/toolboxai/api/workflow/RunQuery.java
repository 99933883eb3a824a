package org.toolboxai.api.workflow;

/**
 * Which runs to list, newest first.
 *
 * @param owner    only this owner's runs, or {@code null} for all
 * @param state    only runs in this state, or {@code null}
 * @param template only runs of this template, or {@code null}
 * @param offset   runs to skip
 * @param limit    at most this many (1-200)
 */
public record RunQuery(String owner, RunState state, String template, int offset, int limit) {
}
