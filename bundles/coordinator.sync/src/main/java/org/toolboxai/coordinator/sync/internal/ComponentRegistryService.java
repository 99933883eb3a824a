package org.toolboxai.coordinator.sync.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;
import org.toolboxai.api.store.Store;

/**
 * The component registry of the cluster: this node registers itself ({@code node-<name>}) and
 * sends a heartbeat every {@value #NODE_HEARTBEAT_SECONDS} s; Studio plugins and external
 * workers register over REST. Every {@value #SWEEP_SECONDS} s each node marks down the components
 * that missed their time-to-live (one node wins each), publishes {@code component/<id>} with the
 * new state, and the {@code components} health contributor is DEGRADED while any is down.
 */
@Component(service = {ComponentRegistryService.class, HealthContributor.class})
public class ComponentRegistryService implements HealthContributor {

    static final int NODE_TTL_SECONDS = 30;
    static final int NODE_HEARTBEAT_SECONDS = 10;
    static final int SWEEP_SECONDS = 5;
    static final String TOPIC_PREFIX = "component/";
    /** A component down for this many times its time-to-live (at least an hour) leaves the registry. */
    static final int KEEP_DOWN_TTLS = 10;
    /** Registrations one user may hold. */
    static final int MAX_PER_OWNER = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ComponentRegistryService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Components components;
    private final SyncEvents events;
    private final String nodeId = "node-" + System.getProperty("karaf.name", "karaf");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "toolbox-sync-registry");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ComponentRegistryService(@Reference(target = "(" + Store.SCHEMA + "=sync)") Store store, @Reference SyncEvents events) {
        this(new Components(store.dataSource(), Clock.systemUTC()), events);
        timer.execute(this::registerNode);
        timer.scheduleWithFixedDelay(this::nodeHeartbeat, NODE_HEARTBEAT_SECONDS, NODE_HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    ComponentRegistryService(Components components, SyncEvents events) {
        this.components = components;
        this.events = events;
    }

    /** A node that stops cleanly leaves the registry (one that dies is marked down, then purged). */
    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        try {
            components.find(nodeId).ifPresent(node -> {
                try {
                    if (components.remove(nodeId)) {
                        changed(new Components.Registered(node.id(), node.kind(), node.name(), node.version(), node.owner(),
                                node.registeredAt(), node.heartbeatAt(), node.ttlSeconds(), "gone", node.details()), "removed");
                    }
                } catch (SQLException e) {
                    LOG.debug("This node could not leave the component registry: {}", e.toString());
                }
            });
        } catch (SQLException | RuntimeException e) {
            LOG.debug("This node could not leave the component registry: {}", e.toString());
        }
    }

    Components components() {
        return components;
    }

    /** Publishes a component's change of state on {@code component/<id>}; a failure is logged, the change stands. */
    void changed(Components.Registered component, String change) {
        ObjectNode payload = JSON.createObjectNode().put("id", component.id()).put("kind", component.kind())
                .put("name", component.name()).put("state", component.state()).put("change", change)
                .put("heartbeat_at", component.heartbeatAt()).put("ttl_seconds", component.ttlSeconds());
        try {
            events.bus().publish(TOPIC_PREFIX + component.id(), "down".equals(change) ? 8 : 6, payload);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Component {} is {}, but the event could not be logged: {}", component.id(), change, e.toString());
        }
    }

    private void registerNode() {
        try {
            Components.Registered node = components.register(nodeId, "node", System.getProperty("karaf.name", "karaf"),
                    System.getProperty("karaf.version", ""), nodeId.substring(5), NODE_TTL_SECONDS, "{}");
            changed(node, "registered");
        } catch (SQLException | RuntimeException e) {
            LOG.warn("This node could not register in the component registry; the next heartbeat tries again: {}", e.toString());
        }
    }

    private void nodeHeartbeat() {
        try {
            String before = components.heartbeat(nodeId).orElse(null);
            if (before == null) {
                registerNode();
            } else if ("down".equals(before)) {
                Optional<Components.Registered> node = components.find(nodeId);
                if (node.isPresent()) {
                    changed(node.get(), "up");
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Node heartbeat failed: {}", e.toString());
        }
    }

    void sweep() {
        try {
            for (Components.Registered down : components.sweep()) {
                LOG.warn("Component {} ({} {}) missed its heartbeat ({} s): marked down", down.id(), down.kind(), down.name(),
                        down.ttlSeconds());
                changed(down, "down");
            }
            for (Components.Registered gone : components.purge(KEEP_DOWN_TTLS)) {
                LOG.info("Component {} ({} {}) was down too long: removed from the registry", gone.id(), gone.kind(), gone.name());
                changed(new Components.Registered(gone.id(), gone.kind(), gone.name(), gone.version(), gone.owner(), gone.registeredAt(),
                        gone.heartbeatAt(), gone.ttlSeconds(), "gone", gone.details()), "expired");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Component sweep failed: {}", e.toString());
        }
    }

    @Override
    public String name() {
        return "components";
    }

    @Override
    public HealthCheck check() {
        List<Components.Registered> all;
        try {
            all = components.all();
        } catch (SQLException e) {
            return HealthCheck.degraded("the component registry cannot be read: " + e.getMessage(), Map.of());
        }
        List<String> down = all.stream().filter(c -> !c.up()).map(Components.Registered::id).toList();
        Map<String, Object> details = Map.of("registered", all.size(), "down", down);
        return down.isEmpty() ? HealthCheck.up(details)
                : HealthCheck.degraded(down.size() + " component(s) missed their heartbeat: " + String.join(", ", down), details);
    }
}
