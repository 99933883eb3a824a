package org.toolboxai.web.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.registry.RankedRegistry;

/**
 * The routes of every registered endpoint. Changes copy the table, so lookups never lock;
 * literal segments win over {@code {param}} segments; two endpoints offering the same method
 * and path are ranked, and the second serves when the first leaves.
 */
public final class RouteTable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);

    /** The outcome of a lookup. */
    public sealed interface Result permits Found, NotFound, MethodNotAllowed {
    }

    /** A route matched; {@code params} holds its path parameters. */
    public record Found(ApiRoute route, Map<String, String> params) implements Result {
    }

    /** No route has this path. */
    public record NotFound() implements Result {
    }

    /** Routes have this path, but not with this method. */
    public record MethodNotAllowed(Set<String> allowed) implements Result {
    }

    private record Entry(Object owner, ApiRoute route, String[] segments, int literals) {
    }

    /** Every endpoint's routes by method and path shape; the best-ranked endpoint serves each. */
    private final RankedRegistry<String, Entry> byShape = new RankedRegistry<>();
    private final Map<Object, List<Entry>> byOwner = new IdentityHashMap<>();
    private volatile List<Entry> entries = List.of();
    /** The routes {@link #entries} serves, a new list on every change. */
    private volatile List<ApiRoute> served = List.of();

    /** Adds an owner's routes, ranked by its service properties (may be empty). */
    public void add(Object owner, List<ApiRoute> routes) {
        add(owner, routes, Map.of());
    }

    /**
     * Adds an owner's routes. A route whose method and path another endpoint serves too is
     * served by the better-ranked (then older) one, and by the other when that one leaves.
     */
    public synchronized void add(Object owner, List<ApiRoute> routes, Map<String, ?> properties) {
        List<Entry> added = new ArrayList<>(routes.size());
        for (ApiRoute route : routes) {
            String[] segments = split(route.path());
            int literals = 0;
            for (String s : segments) {
                literals += isParam(s) ? 0 : 1;
            }
            Entry entry = new Entry(owner, route, segments, literals);
            RankedRegistry.Change<String, Entry> change = byShape.add(key(entry), entry, properties);
            if (change.current() != entry) {
                LOG.warn("Route {} {} of {} is already served by {}; it serves when that one leaves",
                        route.method(), route.path(), owner, change.current().owner);
            }
            added.add(entry);
        }
        byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).addAll(added);
        publish();
    }

    /** Removes every route of an owner; routes it shadowed are served again. */
    public synchronized void remove(Object owner) {
        List<Entry> gone = byOwner.remove(owner);
        if (gone == null) {
            return;
        }
        for (Entry entry : gone) {
            byShape.remove(key(entry), entry);
        }
        publish();
    }

    private void publish() {
        List<Entry> copy = new ArrayList<>(byShape.serving().values());
        copy.sort(Comparator.comparingInt((Entry e) -> -e.literals));
        entries = List.copyOf(copy);
        served = copy.stream().map(Entry::route).toList();
    }

    private static String key(Entry entry) {
        return entry.route.method() + " " + shape(entry.segments);
    }

    /**
     * The routes served now, in matching order. A new list whenever the table changes, so a caller
     * may cache what it derives from one list for as long as it gets the same list back.
     */
    public List<ApiRoute> served() {
        return served;
    }

    /** How many routes are served. */
    public int size() {
        return entries.size();
    }

    /** Finds the route for a method and a path relative to {@code /api/v1}. */
    public Result match(String method, String path) {
        String[] segments = split(path);
        Set<String> allowed = null;
        for (Entry entry : entries) {
            Map<String, String> params = matchSegments(entry.segments, segments);
            if (params == null) {
                continue;
            }
            if (entry.route.method().equals(method)) {
                return new Found(entry.route, params);
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(entry.route.method());
        }
        return allowed == null ? new NotFound() : new MethodNotAllowed(allowed);
    }

    private static Map<String, String> matchSegments(String[] template, String[] actual) {
        if (template.length != actual.length) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < template.length; i++) {
            if (isParam(template[i])) {
                if (actual[i].isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new HashMap<>(4);
                }
                params.put(template[i].substring(1, template[i].length() - 1), actual[i]);
            } else if (!template[i].equals(actual[i])) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }

    private static boolean isParam(String segment) {
        return segment.length() > 2 && segment.charAt(0) == '{' && segment.charAt(segment.length() - 1) == '}';
    }

    private static String shape(String[] segments) {
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            b.append('/').append(isParam(s) ? "{}" : s);
        }
        return b.toString();
    }

    private static String[] split(String path) {
        String p = path;
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || p.equals("/")) {
            return new String[0];
        }
        return (p.startsWith("/") ? p.substring(1) : p).split("/", -1);
    }
}
