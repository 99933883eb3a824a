package org.toolboxai.web.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which of this bundle's whiteboard servlets the HTTP runtime has failed to take and must
 * be registered again. A servlet service counts as lost once it has been missing from the
 * runtime's DTOs for the grace period; each component is registered again at most
 * {@code maxRepairs} times, and the grace doubles after each attempt, so a runtime that is only
 * slow is not flooded. Not thread-safe: one watcher thread calls it.
 */
final class WhiteboardAudit {

    /** A servlet service this bundle has registered: its service id, DS component and servlet name. */
    record Registered(long serviceId, String component, String servletName) {
    }

    private final long graceNanos;
    private final int maxRepairs;
    private final Map<Long, Long> missingSince = new HashMap<>();
    private final Map<String, Integer> repairs = new HashMap<>();

    WhiteboardAudit(Duration grace, int maxRepairs) {
        this.graceNanos = grace.toNanos();
        this.maxRepairs = maxRepairs;
    }

    /**
     * The servlets to register again now.
     *
     * @param registered this bundle's servlet services at this moment
     * @param served the service ids the runtime reports as serving (servlets and error pages)
     * @param nowNanos a monotonic clock reading
     */
    List<Registered> lost(Collection<Registered> registered, Set<Long> served, long nowNanos) {
        Set<Long> present = registered.stream().map(Registered::serviceId).collect(Collectors.toSet());
        missingSince.keySet().retainAll(present);
        List<Registered> lost = new ArrayList<>();
        for (Registered servlet : registered) {
            if (served.contains(servlet.serviceId())) {
                missingSince.remove(servlet.serviceId());
                continue;
            }
            long since = missingSince.computeIfAbsent(servlet.serviceId(), id -> nowNanos);
            int done = repairs.getOrDefault(servlet.component(), 0);
            if (done < maxRepairs && nowNanos - since >= graceNanos << done) {
                repairs.put(servlet.component(), done + 1);
                missingSince.remove(servlet.serviceId());
                lost.add(servlet);
            }
        }
        return lost;
    }

    /** How many times the component has been registered again. */
    int repairs(String component) {
        return repairs.getOrDefault(component, 0);
    }
}
