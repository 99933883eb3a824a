package org.toolboxai.coordinator.main.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;

/** The JVM itself: heap, threads, uptime. DEGRADED when the heap is nearly full. */
@Component(service = HealthContributor.class)
public class RuntimeHealthContributor implements HealthContributor {

    private static final double HEAP_WARNING = 0.9;

    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public boolean critical() {
        return true;
    }

    @Override
    public HealthCheck check() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("heap_used_mb", heap.getUsed() / (1024 * 1024));
        details.put("heap_max_mb", max / (1024 * 1024));
        details.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        details.put("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        details.put("processors", Runtime.getRuntime().availableProcessors());
        if (max > 0 && (double) heap.getUsed() / max > HEAP_WARNING) {
            return HealthCheck.degraded("heap more than " + (int) (HEAP_WARNING * 100) + "% used", details);
        }
        return HealthCheck.up(details);
    }
}
