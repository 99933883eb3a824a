package org.toolboxai.api.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Services grouped by a key (a step type, a provider name, a route), where the best one of each
 * key serves and the others wait their turn: when it leaves, the next one takes over at once.
 * Best is the highest {@code service.ranking} (0 when absent), then the lowest
 * {@code service.id} (the oldest registration), as the OSGi framework itself orders services.
 *
 * <p>Feed it from a {@code MULTIPLE}/{@code DYNAMIC} reference's bind and unbind methods, with
 * the service properties DS passes to them. Reads never lock: every change publishes a new
 * immutable snapshot; changes are serialised.
 *
 * @param <K> the key
 * @param <S> the service
 */
public final class RankedRegistry<K, S> {

    /** The OSGi service property {@code service.ranking}. */
    public static final String SERVICE_RANKING = "service.ranking";
    /** The OSGi service property {@code service.id}. */
    public static final String SERVICE_ID = "service.id";

    private static final Comparator<Entry<?>> BEST_FIRST = Comparator
            .comparingInt((Entry<?> e) -> -e.ranking)
            .thenComparingLong(e -> e.id)
            .thenComparingLong(e -> e.sequence);

    private record Entry<S>(S service, int ranking, long id, long sequence) {
    }

    /**
     * What a change did to a key's serving service.
     *
     * @param key      the key that changed
     * @param previous the service that served it before, or {@code null}
     * @param current  the service that serves it now, or {@code null}
     * @param <K>      the key
     * @param <S>      the service
     */
    public record Change<K, S>(K key, S previous, S current) {
        /** Whether the serving service is another one than before. */
        public boolean servingChanged() {
            return previous != current;
        }
    }

    private final AtomicLong sequence = new AtomicLong();
    private final Map<K, List<Entry<S>>> candidates = new HashMap<>();
    private volatile Map<K, S> serving = Map.of();

    /**
     * Adds a service under a key.
     *
     * @param properties its service properties ({@code service.ranking}, {@code service.id}); may be
     *                   {@code null} or empty outside OSGi, then registrations rank by arrival
     * @return who served the key before and who serves it now
     */
    public synchronized Change<K, S> add(K key, S service, Map<String, ?> properties) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(service, "service");
        S before = serving.get(key);
        List<Entry<S>> list = candidates.computeIfAbsent(key, k -> new ArrayList<>(2));
        list.removeIf(e -> e.service == service);
        list.add(new Entry<>(service, ranking(properties), serviceId(properties), sequence.incrementAndGet()));
        list.sort(BEST_FIRST);
        publish();
        return new Change<>(key, before, serving.get(key));
    }

    /**
     * Removes a service from a key; the next best one, if any, serves from now on.
     *
     * @return who served the key before and who serves it now
     */
    public synchronized Change<K, S> remove(K key, S service) {
        S before = serving.get(key);
        List<Entry<S>> list = candidates.get(key);
        if (list != null) {
            list.removeIf(e -> e.service == service);
            if (list.isEmpty()) {
                candidates.remove(key);
            }
            publish();
        }
        return new Change<>(key, before, serving.get(key));
    }

    /**
     * Removes a service from every key it is registered under (for bind methods that cannot
     * recompute the key once the service is gone).
     *
     * @return the changes, one per key it was under
     */
    public synchronized List<Change<K, S>> removeEverywhere(S service) {
        List<K> keys = new ArrayList<>();
        candidates.forEach((key, list) -> {
            if (list.stream().anyMatch(e -> e.service == service)) {
                keys.add(key);
            }
        });
        List<Change<K, S>> changes = new ArrayList<>(keys.size());
        for (K key : keys) {
            changes.add(remove(key, service));
        }
        return changes;
    }

    /** The service that serves a key now. */
    public Optional<S> get(K key) {
        return Optional.ofNullable(serving.get(key));
    }

    /** Every key with the service that serves it, as one consistent snapshot. */
    public Map<K, S> serving() {
        return serving;
    }

    /** Every service registered under a key, best first (the first one serves). */
    public synchronized List<S> candidates(K key) {
        List<Entry<S>> list = candidates.get(key);
        return list == null ? List.of() : list.stream().map(Entry::service).toList();
    }

    private void publish() {
        Map<K, S> next = new LinkedHashMap<>();
        candidates.forEach((key, list) -> next.put(key, list.get(0).service));
        serving = Collections.unmodifiableMap(next);
    }

    private static int ranking(Map<String, ?> properties) {
        Object value = properties == null ? null : properties.get(SERVICE_RANKING);
        return value instanceof Integer i ? i : 0; // the OSGi rule: a non-Integer ranking counts as 0
    }

    private static long serviceId(Map<String, ?> properties) {
        Object value = properties == null ? null : properties.get(SERVICE_ID);
        return value instanceof Number n ? n.longValue() : Long.MAX_VALUE;
    }
}
