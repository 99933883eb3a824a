package org.toolboxai.coordinator.workflow.internal;

import java.util.List;

/**
 * What the scheduler holds at one moment, as its loop thread sees it: for health and the shell.
 *
 * @param running      runs executing
 * @param queued       runs waiting for one of the {@code maxRunning} places
 * @param paused       runs paused by a user
 * @param busyWorkers  step attempts executing
 * @param stuckWorkers threads still in a handler whose attempt timed out or was cancelled
 * @param workers      attempts that may execute at once ({@code worker.threads})
 * @param maxRunning   runs that may execute at once ({@code max.running.runs})
 * @param waitingTypes step types some run waits for, as no installed bundle handles them
 * @param stuck        the steps in stuck threads, longest stuck first
 */
public record SchedulerLoad(int running, int queued, int paused, int busyWorkers, int stuckWorkers, int workers,
        int maxRunning, List<String> waitingTypes, List<StuckStep> stuck) {

    /** Copies. */
    public SchedulerLoad {
        waitingTypes = List.copyOf(waitingTypes);
        stuck = List.copyOf(stuck);
    }

    /**
     * A step whose thread has not returned from its handler although its attempt timed out or was
     * cancelled.
     *
     * @param runId       its run
     * @param stepId      the step
     * @param type        its handler type
     * @param stuckMillis since its attempt was abandoned
     */
    public record StuckStep(String runId, String stepId, String type, long stuckMillis) {

        /** For people: {@code step quiz of run 4f1c... (type agent.quiz), stuck 95 s}. */
        public String describe() {
            return "step " + stepId + " of run " + runId + " (type " + type + "), stuck " + stuckMillis / 1000 + " s";
        }
    }
}
