package org.toolboxai.coordinator.sync.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.toolboxai.api.live.LiveChannel;
import org.toolboxai.api.live.LiveConnection;
import org.toolboxai.api.live.LiveSession;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.workflow.WorkflowService;

/**
 * The event stream over the WebSocket at {@code /ws}: each socket is a {@link LiveClient} that
 * subscribes to topics (with the access rules of {@code GET /api/v1/events}), replays what it
 * missed from a sequence number, and receives new events as JSON. Sending happens on a small pool
 * of threads, never on the publisher's: a slow socket holds one of them for at most the send
 * time-out, and its own buffer (the bus's bounded subscriber buffer) absorbs the rest.
 */
@Component(service = {LiveChannel.class, LiveHub.class})
public class LiveHub implements LiveChannel {

    /** Topics one socket may follow at once. */
    static final int MAX_TOPICS = 100;
    /** Error answers one socket may cause before it is closed (policy violation). */
    static final int MAX_ERRORS = 1_000;

    private final EventBus bus;
    private final TopicAccess access;
    private final Set<LiveClient> clients = ConcurrentHashMap.newKeySet();
    private final LiveClient.Frames frames = new LiveClient.Frames(512);
    private final AtomicInteger senderIds = new AtomicInteger();
    private final ExecutorService senders;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WorkflowService workflows;

    @Activate
    public LiveHub(@Reference SyncEvents events, @Reference SyncCoordinator sync) {
        this.bus = events.bus();
        this.access = new TopicAccess(() -> workflows, TopicAccess.documents(sync.documents()));
        this.senders = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "toolbox-ws-sender-" + senderIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    LiveHub(EventBus bus, TopicAccess access, ExecutorService senders) {
        this.bus = bus;
        this.access = access;
        this.senders = senders;
    }

    @Override
    public LiveSession open(Caller caller, LiveConnection connection) {
        LiveClient client = new LiveClient(caller, connection, bus, access, senders, frames, clients::remove);
        clients.add(client);
        client.welcome();
        return client;
    }

    /** Sockets served now. */
    int clientCount() {
        return clients.size();
    }

    /** Topics followed over sockets now, summed over the sockets. */
    int topicCount() {
        return clients.stream().mapToInt(LiveClient::topicCount).sum();
    }

    /** The sockets of this node, for {@code toolbox:sync-status}. */
    public java.util.Map<String, Object> status() {
        java.util.Map<String, Object> status = new java.util.LinkedHashMap<>();
        status.put("websocket clients", clientCount());
        status.put("websocket topics followed", topicCount());
        return status;
    }

    @Deactivate
    void deactivate() {
        for (LiveClient client : clients) {
            client.end(LiveConnection.GOING_AWAY, "the sync coordinator is stopping; reconnect");
        }
        senders.shutdownNow();
    }
}
