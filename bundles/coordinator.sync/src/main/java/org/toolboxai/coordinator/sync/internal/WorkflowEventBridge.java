package org.toolboxai.coordinator.sync.internal;

import java.sql.SQLException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.workflow.WorkflowEvents;

/**
 * Brings the workflow engine's EventAdmin events onto the bus: each run or step event of a run
 * is published on {@code workflow/run/<run_id>}, run events at priority 7 and step events at 5 (a
 * full subscriber buffer loses step detail before run state).
 * <p>
 * EventAdmin blacklists a handler that takes longer than its time-out (5 s in Felix's), and
 * writing the log is a database write: so {@link #handleEvent} only queues the event, and one
 * thread of the bridge writes them, in the order they came (at most {@value #MAX_PENDING} wait;
 * beyond that an event is dropped with a warning rather than holding up the engine).
 */
@Component(service = EventHandler.class, property = EventConstants.EVENT_TOPIC + "=" + WorkflowEvents.ALL_TOPICS)
public class WorkflowEventBridge implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowEventBridge.class);
    static final String TOPIC_PREFIX = "workflow/run/";
    static final int RUN_PRIORITY = 7;
    static final int STEP_PRIORITY = 5;
    private static final String[] FIELDS = {WorkflowEvents.RUN_ID, WorkflowEvents.STATE, WorkflowEvents.PROGRESS, WorkflowEvents.STEP_ID,
            WorkflowEvents.TYPE, WorkflowEvents.ATTEMPT, WorkflowEvents.TEMPLATE, WorkflowEvents.OWNER, WorkflowEvents.ERROR};
    private static final ObjectMapper JSON = new ObjectMapper();

    static final int MAX_PENDING = 10_000;

    private final EventBus bus;
    private final java.util.concurrent.ExecutorService writer;

    @Activate
    public WorkflowEventBridge(@Reference SyncEvents events) {
        this(events.bus(), new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.MILLISECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(MAX_PENDING), r -> {
                    Thread t = new Thread(r, "toolbox-sync-workflow-events");
                    t.setDaemon(true);
                    return t;
                }));
    }

    WorkflowEventBridge(EventBus bus) {
        this(bus, null);
    }

    private WorkflowEventBridge(EventBus bus, java.util.concurrent.ExecutorService writer) {
        this.bus = bus;
        this.writer = writer;
    }

    /** Writes what is queued (for at most 10 s), then stops the writer. */
    @org.osgi.service.component.annotations.Deactivate
    void deactivate() throws InterruptedException {
        if (writer != null) {
            writer.shutdown();
            if (!writer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("{} workflow events were not logged before the sync coordinator stopped", writer.shutdownNow().size());
            }
        }
    }

    @Override
    public void handleEvent(Event event) {
        if (!(event.getProperty(WorkflowEvents.RUN_ID) instanceof String runId) || runId.isEmpty()) {
            return;
        }
        boolean step = event.getTopic().startsWith(WorkflowEvents.STEP_TOPIC_PREFIX);
        if (!step && !event.getTopic().startsWith(WorkflowEvents.RUN_TOPIC_PREFIX)) {
            return;
        }
        ObjectNode payload = payload(event, step);
        Runnable write = () -> {
            try {
                bus.publish(TOPIC_PREFIX + runId, step ? STEP_PRIORITY : RUN_PRIORITY, payload);
            } catch (SQLException | RuntimeException e) {
                // the log is the record: an event it could not take is lost to followers, say so
                LOG.warn("The {} event of run {} could not be logged: {}", step ? "step" : "run", runId, e.toString());
            }
        };
        if (writer == null) {
            write.run();
            return;
        }
        try {
            writer.execute(write);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (writer.isShutdown()) {
                LOG.debug("The {} event of run {} came while the bridge stops; not logged", step ? "step" : "run", runId);
            } else {
                LOG.warn("The {} event of run {} was dropped: {} events wait to be logged already", step ? "step" : "run", runId,
                        MAX_PENDING);
            }
        }
    }

    static ObjectNode payload(Event event, boolean step) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("kind", step ? "step" : "run");
        for (String field : FIELDS) {
            Object value = event.getProperty(field);
            if (value instanceof Number || value instanceof String || value instanceof Boolean) {
                payload.set(field, JSON.valueToTree(value));
            } else if (value != null) {
                payload.put(field, value.toString());
            }
        }
        return payload;
    }
}
