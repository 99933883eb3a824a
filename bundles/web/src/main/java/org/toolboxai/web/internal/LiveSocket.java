package org.toolboxai.web.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import javax.websocket.CloseReason;
import javax.websocket.EndpointConfig;
import javax.websocket.OnClose;
import javax.websocket.OnError;
import javax.websocket.OnMessage;
import javax.websocket.OnOpen;
import javax.websocket.Session;
import javax.websocket.server.ServerEndpoint;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.live.LiveChannel;
import org.toolboxai.api.live.LiveConnection;
import org.toolboxai.api.live.LiveSession;
import org.toolboxai.api.security.Authentication;
import org.toolboxai.api.security.Authenticator;

/**
 * The WebSocket at {@code /ws} (JSR 356, served by pax-web's Jetty WebSocket support): accepts
 * sockets {@link LiveHandshake} authenticated, bounds them (message size, connections per node,
 * idle time, send time; {@link LiveSettings}), pings every {@code ping.seconds}, checks every
 * {@code recheck.seconds} that each socket's credentials are still valid (closing with 1008 when not), and hands each
 * socket to the highest-ranked {@link LiveChannel}. pax-web serves this one instance for every
 * socket; the per-socket state is in {@link Live}.
 * <p>
 * Registering a WebSocket makes pax-web stop and start the whole HTTP context (it adds a servlet
 * container initializer), so this endpoint lives in the web bundle, registered before the
 * servlets, rather than in the bundle that gives the messages their meaning, which may come and
 * go while requests are served.
 */
@ServerEndpoint(LiveHandshake.PATH)
@Component(service = LiveSocket.class, property = "org.ops4j.pax.web.http.whiteboard.websocket=true")
public class LiveSocket {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSocket.class);
    /** Bytes (UTF-8, at most) one socket may have queued in the container before a send waits. */
    static final int IN_FLIGHT_BYTES = 1 << 20;
    private static final ByteBuffer PING = ByteBuffer.wrap("toolbox".getBytes(StandardCharsets.US_ASCII));

    private final Authenticator authenticator;
    private final Map<String, Live> open = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "toolbox-ws-keepalive");
        thread.setDaemon(true);
        return thread;
    });
    private final LiveSettings settings;
    private volatile LiveChannel channel;

    /** Starts the keep-alive: once a second it pings and checks the sockets whose time has come. */
    @Activate
    public LiveSocket(@Reference Authenticator authenticator, @Reference LiveSettings settings) {
        this.authenticator = authenticator;
        this.settings = settings;
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
        for (Live live : open.values()) {
            live.close(LiveConnection.GOING_AWAY, "the server is stopping");
        }
    }

    /** The channel serving new sockets: the highest-ranked one. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setChannel(LiveChannel added) {
        this.channel = added;
    }

    /** The channel went (its bundle stopped): its sockets end, and clients reconnect to what serves then. */
    void unsetChannel(LiveChannel removed) {
        if (channel == removed) {
            channel = null;
        }
        for (Live live : open.values()) {
            if (live.channel == removed) {
                live.close(LiveConnection.GOING_AWAY, "the live channel is being replaced; reconnect");
            }
        }
    }

    @OnOpen
    public void opened(Session session, EndpointConfig endpointConfig) {
        LiveSettings.Values c = settings.current();
        session.setMaxTextMessageBufferSize(c.maxMessageBytes());
        session.setMaxBinaryMessageBufferSize(256);
        session.setMaxIdleTimeout(c.idleMillis());
        if (!(session.getUserPrincipal() instanceof CallerPrincipal principal)) {
            closeQuietly(session, LiveConnection.POLICY_VIOLATION, "not authenticated");
            return;
        }
        LiveChannel current = channel;
        if (current == null) {
            closeQuietly(session, LiveConnection.TRY_AGAIN_LATER, "no live channel is installed (the sync coordinator)");
            return;
        }
        if (open.size() >= c.maxConnections()) {
            closeQuietly(session, LiveConnection.TRY_AGAIN_LATER, "this node has " + c.maxConnections() + " sockets open");
            return;
        }
        Live live = new Live("ws-" + ids.incrementAndGet(), session, principal, current);
        open.put(session.getId(), live);
        if (channel != current) {
            // the channel went while this socket was being opened: unsetChannel may not have seen it
            open.remove(session.getId());
            closeQuietly(session, LiveConnection.GOING_AWAY, "the live channel is being replaced; reconnect");
            return;
        }
        try {
            live.handler = current.open(principal.caller(), live);
        } catch (RuntimeException e) {
            LOG.error("The live channel failed to open socket {}", live.id, e);
            live.close(LiveConnection.INTERNAL_ERROR, "the server failed to open the socket");
        }
    }

    @OnMessage
    public void text(Session session, String message) {
        Live live = open.get(session.getId());
        if (live == null || live.handler == null) {
            return;
        }
        try {
            live.handler.received(message);
        } catch (RuntimeException e) {
            LOG.error("The live channel failed on a message of socket {}", live.id, e);
            live.close(LiveConnection.INTERNAL_ERROR, "the server failed on that message");
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer message) {
        closeQuietly(session, CloseReason.CloseCodes.CANNOT_ACCEPT.getCode(), "only text messages (JSON) are accepted");
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        Live live = open.remove(session.getId());
        if (live != null && live.handler != null) {
            try {
                live.handler.closed(reason.getCloseCode().getCode());
            } catch (RuntimeException e) {
                LOG.warn("The live channel failed on the close of socket {}", live.id, e);
            }
        }
    }

    @OnError
    public void failed(Session session, Throwable error) {
        // the container closes the socket after this (1009 for a message too big, 1006 for a lost connection)
        LOG.debug("WebSocket {} failed: {}", session.getId(), error.toString());
    }

    /** Pings the sockets due for a ping and checks the credentials of those due for a check. */
    private void tick() {
        LiveSettings.Values c = settings.current();
        long now = System.nanoTime();
        Map<String, Authentication> checked = new java.util.HashMap<>();
        for (Live live : open.values()) {
            if (now - live.lastPing >= TimeUnit.MILLISECONDS.toNanos(c.pingMillis())) {
                live.lastPing = now;
                live.ping();
            }
            if (now - live.lastCheck >= TimeUnit.MILLISECONDS.toNanos(c.recheckMillis())) {
                live.lastCheck = now;
                recheck(live, checked);
            }
        }
    }

    /**
     * Closes a socket whose credentials no longer stand for the caller it opened as: refused as
     * invalid or forbidden (a revoked token, a removed user), or now another role. A throttled
     * address (429) or a token store that does not answer is not a revocation. Sockets with the
     * same credentials share one check per round.
     */
    private void recheck(Live live, Map<String, Authentication> checked) {
        CallerPrincipal p = live.principal;
        String key = p.authorization() + "\n" + p.accessToken() + "\n" + p.clientAddress();
        try {
            Authentication again = checked.computeIfAbsent(key,
                    k -> authenticator.authenticateUrlToken(p.authorization(), p.accessToken(), p.clientAddress()));
            boolean revoked = again instanceof Authentication.Invalid || again instanceof Authentication.Forbidden;
            boolean changed = again.caller().map(now -> !now.name().equals(p.caller().name()) || now.role() != p.caller().role())
                    .orElse(false);
            if (revoked || changed) {
                live.close(LiveConnection.POLICY_VIOLATION, revoked ? "the socket's credentials are no longer valid"
                        : "the socket's credentials now stand for another role; reconnect");
            }
        } catch (RuntimeException e) {
            // the token store not answering is not a revocation: check again next time
            LOG.debug("Could not check the credentials of socket {}", live.id, e);
        }
    }

    private static void closeQuietly(Session session, int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing WebSocket {} failed", session.getId(), e);
        }
    }

    /** One socket. Sends are serialised; a send that waits longer than the send time-out closes it. */
    private final class Live implements LiveConnection {
        final String id;
        final Session session;
        final CallerPrincipal principal;
        final LiveChannel channel;
        final ReentrantLock sending = new ReentrantLock();
        final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(IN_FLIGHT_BYTES);
        /** When the client fell behind (nanoTime), 0 while it keeps up; guarded by {@link #sending}. */
        long stalledSince;
        volatile LiveSession handler;
        volatile long lastPing = System.nanoTime();
        volatile long lastCheck = System.nanoTime();

        Live(String id, Session session, CallerPrincipal principal, LiveChannel channel) {
            this.id = id;
            this.session = session;
            this.principal = principal;
            this.channel = channel;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean send(String text) {
            if (!session.isOpen()) {
                return false;
            }
            int bytes = Math.min(text.length() * 3, IN_FLIGHT_BYTES);
            sending.lock();
            try {
                // Queued in the container (it writes in order) up to IN_FLIGHT_BYTES; beyond that the
                // client is behind. It may stay behind for send.timeout.seconds in all, counted from when
                // it first fell behind, not per message: a client that reads slowly is closed, instead of
                // holding one of the few sender threads for message after message.
                if (!inFlight.tryAcquire(bytes)) {
                    long now = System.nanoTime();
                    if (stalledSince == 0) {
                        stalledSince = now;
                    }
                    long left = TimeUnit.MILLISECONDS.toNanos(settings.current().sendTimeoutMillis()) - (now - stalledSince);
                    if (left <= 0 || !inFlight.tryAcquire(bytes, left, TimeUnit.NANOSECONDS)) {
                        close(TRY_AGAIN_LATER, "the client did not take messages in time");
                        return false;
                    }
                } else {
                    stalledSince = 0;
                }
                session.getAsyncRemote().sendText(text, result -> {
                    inFlight.release(bytes);
                    if (!result.isOK()) {
                        LOG.debug("Sending to socket {} failed: {}", id, String.valueOf(result.getException()));
                    }
                });
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (RuntimeException e) {
                // the container refused the message: the client would miss it silently, so the socket ends
                inFlight.release(bytes);
                close(INTERNAL_ERROR, "the server could not send a message");
                return false;
            } finally {
                sending.unlock();
            }
        }

        void ping() {
            if (session.isOpen() && sending.tryLock()) {
                try {
                    session.getAsyncRemote().sendPing(PING.duplicate());
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Ping to socket {} failed", id, e);
                } finally {
                    sending.unlock();
                }
            }
        }

        @Override
        public void close(int code, String reason) {
            closeQuietly(session, code, reason.length() > 120 ? reason.substring(0, 120) : reason);
        }

        @Override
        public boolean isOpen() {
            return session.isOpen();
        }
    }
}
