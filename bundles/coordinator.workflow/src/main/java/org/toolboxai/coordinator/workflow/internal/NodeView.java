package org.toolboxai.coordinator.workflow.internal;

import java.time.Instant;

/**
 * A node sharing the database, as {@code GET /api/v1/nodes} and {@code toolbox:nodes} show it.
 *
 * @param id               the node's id ({@code node.id}, or generated on its first start)
 * @param self             whether it is the node answering
 * @param state            {@code up}, {@code stale} (no heartbeat for longer than the lease: its runs
 *                         go to the others) or {@code stopped} (stopped cleanly)
 * @param address          host name and process id
 * @param startedAt        when it started
 * @param heartbeatAt      its last heartbeat
 * @param heartbeatAgeMillis how long ago that was, by the answering node's clock
 * @param runningRuns      runs it executes
 * @param busyWorkers      step attempts it executes
 * @param workerThreads    its {@code worker.threads}
 */
public record NodeView(String id, boolean self, String state, String address, Instant startedAt, Instant heartbeatAt,
        long heartbeatAgeMillis, int runningRuns, int busyWorkers, int workerThreads) {

    static NodeView of(NodeTable.Node node, String self, long now) {
        return new NodeView(node.id(), node.id().equals(self), node.state().toString(), node.address(),
                Instant.ofEpochMilli(node.startedAt()), Instant.ofEpochMilli(node.heartbeatAt()), Math.max(0, now - node.heartbeatAt()),
                node.runningRuns(), node.busyWorkers(), node.workerThreads());
    }
}
