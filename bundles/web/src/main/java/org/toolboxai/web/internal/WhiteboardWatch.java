package org.toolboxai.web.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure pax-web serves every servlet this bundle registers, and registers one again when it
 * does not. pax-web 8.0.34's whiteboard extender has a start-up race: a servlet service that
 * appears while the HTTP service itself is coming up can resolve its target context just before
 * the default context exists and be filed afterwards, so it waits for a context event that has
 * already happened and is never served ("No matching target context(s) for Whiteboard element" in
 * the log, and no "Registering ServletModel" after it). On a fresh node that left {@code /api/*} to
 * the fallback servlet, 404 for every request. The watch compares this bundle's servlet services
 * with the runtime's DTOs every two seconds and, for one missing longer than the grace period,
 * disables and enables its component, which registers the service anew. The WebSocket at /ws
 * is not in those DTOs: it is probed with a real upgrade until it once answers 101.
 */
@Component(immediate = true)
public class WhiteboardWatch {

    private static final Logger LOG = LoggerFactory.getLogger(WhiteboardWatch.class);
    private static final String SERVLET = "javax.servlet.Servlet";

    private final HttpServiceRuntime runtime;
    private final ComponentContext context;
    private final WhiteboardAudit audit = new WhiteboardAudit(Duration.ofSeconds(5), 5);
    private final WhiteboardAudit liveAudit = new WhiteboardAudit(Duration.ofSeconds(5), 3);
    /** A second of 404 is enough: the boot's first answers wait for this repair (BootIT). */
    private final WhiteboardAudit apiAudit = new WhiteboardAudit(Duration.ofSeconds(1), 5);
    private volatile boolean liveServed;
    private volatile boolean apiServed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "toolbox-whiteboard-watch");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public WhiteboardWatch(@Reference HttpServiceRuntime runtime, ComponentContext context) {
        this.runtime = runtime;
        this.context = context;
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The probes run every tick until they have seen the API and the WebSocket served (then they stop); the DTO audit every 2 s. */
    static final long TICK_MILLIS = 250;
    private long ticks;

    private void tick() {
        boolean liveBefore = liveServed;
        probeLive();
        probeApi(liveBefore);
        if (++ticks % (2000 / TICK_MILLIS) == 0) {
            audit();
        }
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    /** This bundle's servlet services against the runtime's DTOs. */
    private void audit() {
        try {
            List<WhiteboardAudit.Registered> ours = servletServices();
            if (ours.isEmpty()) {
                return;
            }
            RuntimeDTO dto = runtime.getRuntimeDTO();
            if (dto == null || dto.servletContextDTOs == null) {
                return;
            }
            for (WhiteboardAudit.Registered lost : audit.lost(ours, served(dto), System.nanoTime())) {
                LOG.warn("The HTTP runtime does not serve servlet {} (service {}); registering component {} again"
                        + " (attempt {})", lost.servletName(), lost.serviceId(), lost.component(),
                        audit.repairs(lost.component()));
                context.disableComponent(lost.component());
                context.enableComponent(lost.component());
            }
        } catch (RuntimeException e) {
            // the runtime going away mid-check, or the bundle stopping: the next check sees the new state
            LOG.debug("Whiteboard check failed", e);
        }
    }

    /**
     * The WebSocket is not in the runtime's DTOs, and the same race can leave it unserved: until
     * /ws has once answered an upgrade with 101, ask it (a request only this JVM can make: the
     * probe header's secret). A 404 (the fallback servlet: no WebSocket filter) for longer than
     * the grace registers {@link LiveSocket}'s component again.
     */
    private void probeLive() {
        if (liveServed) {
            return;
        }
        try {
            int port = httpPort();
            if (port < 0 || !liveRegistered()) {
                return;
            }
            int status = upgradeStatus(port);
            if (status == 101) {
                liveServed = true;
                return;
            }
            String component = LiveSocket.class.getName();
            WhiteboardAudit.Registered socket = new WhiteboardAudit.Registered(-1, component, "/ws");
            if (status == 404) {
                for (WhiteboardAudit.Registered lost : liveAudit.lost(List.of(socket), Set.of(), System.nanoTime())) {
                    LOG.warn("The HTTP runtime does not serve the WebSocket at /ws; registering component {} again (attempt {})",
                            lost.component(), liveAudit.repairs(lost.component()));
                    context.disableComponent(lost.component());
                    context.enableComponent(lost.component());
                }
            } else {
                liveAudit.lost(List.of(), Set.of(), System.nanoTime());
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("WebSocket probe failed", e);
        }
    }

    /**
     * The REST servlet can be in the runtime's DTOs and still refuse every request: when pax-web
     * restarts the context for the WebSocket (see {@link FallbackServlet}), the servlet can stay
     * in the DTOs while every {@code /api} request gets the container's 404 (seen on about one
     * boot in 30 with three nodes starting on two CPUs). Until {@code /api/v1/health/live} (which
     * only needs this servlet) has answered 200 after the WebSocket was served, ask it every
     * 250 ms; a 404 for a second registers {@link ApiServlet}'s component again, which gives the
     * runtime a new holder.
     */
    private void probeApi(boolean afterRestart) {
        if (apiServed) {
            return;
        }
        try {
            int port = httpPort();
            String component = ApiServlet.class.getName();
            if (port < 0 || !registered(component)) {
                return;
            }
            int status = status(port, LIVENESS);
            WhiteboardAudit.Registered api = new WhiteboardAudit.Registered(-2, component, "toolbox-api");
            if (status == 404) {
                for (WhiteboardAudit.Registered lost : apiAudit.lost(List.of(api), Set.of(), System.nanoTime())) {
                    LOG.warn("The HTTP runtime answers 404 for {} although servlet toolbox-api is registered; registering"
                            + " component {} again (attempt {})", LIVENESS, lost.component(), apiAudit.repairs(lost.component()));
                    context.disableComponent(lost.component());
                    context.enableComponent(lost.component());
                }
                return;
            }
            apiAudit.lost(List.of(), Set.of(), System.nanoTime());
            // served once the WebSocket's context restart is behind it
            apiServed = status == 200 && afterRestart;
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("REST probe failed", e);
        }
    }

    static final String LIVENESS = "/api/v1/health/live";

    private boolean liveRegistered() {
        return registered(LiveSocket.class.getName());
    }

    private boolean registered(String component) {
        ServiceReference<?>[] refs = context.getBundleContext().getBundle().getRegisteredServices();
        return refs != null && Arrays.stream(refs).anyMatch(r -> component
                .equals(String.valueOf(r.getProperty(ComponentConstants.COMPONENT_NAME))));
    }

    /** The HTTP port on 127.0.0.1 from the runtime's endpoints ({@code http://host:port/}), -1 when none is plain HTTP. */
    private int httpPort() {
        // read each time: pax-web sets it once its connector listens
        ServiceReference<?> ref = context.getBundleContext().getServiceReference(HttpServiceRuntime.class.getName());
        Object endpoints = ref == null ? null : ref.getProperty("osgi.http.endpoint");
        List<String> all = new ArrayList<>();
        if (endpoints instanceof String one) {
            all.add(one);
        } else if (endpoints instanceof String[] many) {
            all.addAll(Arrays.asList(many));
        } else if (endpoints instanceof java.util.Collection<?> many) {
            many.forEach(e -> all.add(String.valueOf(e)));
        }
        for (String e : all) {
            if (e.startsWith("http://")) {
                int port = java.net.URI.create(e).getPort();
                return port < 0 ? 80 : port;
            }
        }
        return -1;
    }

    /** The status of a WebSocket upgrade of /ws made over a plain socket on loopback. */
    static int upgradeStatus(int port) throws java.io.IOException {
        return statusOf(port, "GET " + LiveHandshake.PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dG9vbGJveC1wcm9iZS0xMg==\r\nSec-WebSocket-Version: 13\r\n"
                + LiveHandshake.PROBE_HEADER + ": " + LiveHandshake.PROBE_SECRET + "\r\n\r\n");
    }

    /** The status of a plain GET of {@code path} over loopback. */
    static int status(int port, String path) throws java.io.IOException {
        return statusOf(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n");
    }

    /** Sends {@code request} over a plain socket on loopback and reads the status line's code. */
    private static int statusOf(int port, String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = socket.getInputStream().read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1].trim()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** This bundle's whiteboard servlet services registered by DS components. */
    private List<WhiteboardAudit.Registered> servletServices() {
        ServiceReference<?>[] refs = context.getBundleContext().getBundle().getRegisteredServices();
        List<WhiteboardAudit.Registered> ours = new ArrayList<>();
        if (refs == null) {
            return ours;
        }
        for (ServiceReference<?> ref : refs) {
            Object classes = ref.getProperty(org.osgi.framework.Constants.OBJECTCLASS);
            Object component = ref.getProperty(ComponentConstants.COMPONENT_NAME);
            Object name = ref.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME);
            if (classes instanceof String[] names && Arrays.asList(names).contains(SERVLET) && component != null) {
                ours.add(new WhiteboardAudit.Registered((Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID),
                        component.toString(), name == null ? component.toString() : name.toString()));
            }
        }
        return ours;
    }

    /** Service ids of the servlets (and error-page servlets) the runtime serves in some context. */
    static Set<Long> served(RuntimeDTO dto) {
        Set<Long> ids = new HashSet<>();
        if (dto == null || dto.servletContextDTOs == null) {
            return ids;
        }
        for (ServletContextDTO context : dto.servletContextDTOs) {
            if (context.servletDTOs != null) {
                Arrays.stream(context.servletDTOs).forEach(s -> ids.add(s.serviceId));
            }
            if (context.errorPageDTOs != null) {
                Arrays.stream(context.errorPageDTOs).forEach(e -> ids.add(e.serviceId));
            }
        }
        return ids;
    }
}
