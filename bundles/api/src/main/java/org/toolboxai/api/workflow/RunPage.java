package org.toolboxai.api.workflow;

import java.util.List;

/**
 * A page of runs.
 *
 * @param runs  the runs
 * @param total how many match the query
 */
public record RunPage(List<RunSummary> runs, long total) {
}
