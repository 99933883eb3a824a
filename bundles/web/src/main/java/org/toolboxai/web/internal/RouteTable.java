package org.toolboxai.web.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.http.ApiRoute;

/**
 * The routes of every registered endpoint. Changes copy the table, so lookups never lock;
 * literal segments win over {@code {param}} segments.
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

    private volatile List<Entry> entries = List.of();

    /** Adds an owner's routes; a route whose method and path are taken is skipped with a warning. */
    public synchronized void add(Object owner, List<ApiRoute> routes) {
        List<Entry> copy = new ArrayList<>(entries);
        for (ApiRoute route : routes) {
            String[] segments = split(route.path());
            String shape = shape(segments);
            boolean taken = copy.stream().anyMatch(e -> e.route.method().equals(route.method())
                    && shape(e.segments).equals(shape));
            if (taken) {
                LOG.warn("Route {} {} of {} is already served by another endpoint; ignoring it",
                        route.method(), route.path(), owner);
                continue;
            }
            int literals = 0;
            for (String s : segments) {
                literals += isParam(s) ? 0 : 1;
            }
            copy.add(new Entry(owner, route, segments, literals));
        }
        copy.sort(Comparator.comparingInt((Entry e) -> -e.literals));
        entries = List.copyOf(copy);
    }

    /** Removes every route of an owner. */
    public synchronized void remove(Object owner) {
        List<Entry> copy = new ArrayList<>(entries);
        copy.removeIf(e -> e.owner == owner);
        entries = List.copyOf(copy);
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
