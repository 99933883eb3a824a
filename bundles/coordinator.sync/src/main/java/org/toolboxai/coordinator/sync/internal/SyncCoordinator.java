package org.toolboxai.coordinator.sync.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.registry.RankedRegistry;
import org.toolboxai.api.store.Store;
import org.toolboxai.api.sync.ConflictResolver;

/**
 * The sync coordinator on this node: the shared documents in the store, and the conflict
 * resolvers other bundles contribute (by name, the best ranked serving).
 */
@Component(service = SyncCoordinator.class)
public class SyncCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(SyncCoordinator.class);

    private final RankedRegistry<String, ConflictResolver> resolvers = new RankedRegistry<>();
    private final Documents documents;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SyncEvents events;

    /** Opens the documents on the migrated schema. */
    @Activate
    public SyncCoordinator(@Reference(target = "(" + Store.SCHEMA + "=sync)") Store store) {
        this.documents = new Documents(store.dataSource(), Clock.systemUTC(), resolvers::get);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addResolver(ConflictResolver resolver, Map<String, Object> properties) {
        try {
            resolvers.add(resolver.name(), resolver, properties);
        } catch (RuntimeException e) {
            LOG.error("Conflict resolver {} failed to say its name; it is not used", resolver, e);
        }
    }

    void removeResolver(ConflictResolver resolver) {
        resolvers.removeEverywhere(resolver);
    }

    Documents documents() {
        return documents;
    }

    /** A document's current version as {@code GET /api/v1/state/{name}} answers it (admin's view), or empty. */
    public java.util.Optional<StateEndpoint.StateView> current(String name) throws java.sql.SQLException {
        java.util.Optional<Documents.Doc> doc = documents.doc(name);
        if (doc.isEmpty()) {
            return java.util.Optional.empty();
        }
        return documents.version(name, doc.get().version()).map(v -> StateEndpoint.view(doc.get(), v));
    }

    /** A document's kept versions, newest first (admin's view). */
    public java.util.List<StateEndpoint.VersionView> history(String name, int limit) throws java.sql.SQLException {
        return documents.history(name, limit).stream().map(v -> new StateEndpoint.VersionView(v.version(), v.author(),
                java.time.Instant.ofEpochMilli(v.at()), v.checksum(), v.kind(), v.content())).toList();
    }

    /** Tells followers of {@code state/<name>} that a version was written; a failure is logged, the write stands. */
    void written(Documents.Version version) {
        SyncEvents bus = events;
        if (bus == null) {
            return;
        }
        try {
            bus.bus().publish(StateEvents.TOPIC_PREFIX + version.name(), StateEvents.PRIORITY, StateEvents.payload(version));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Version {} of {} was written, but its event could not be logged: {}", version.version(), version.name(), e.toString());
        }
    }
}
