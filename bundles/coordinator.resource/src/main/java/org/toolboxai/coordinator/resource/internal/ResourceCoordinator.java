package org.toolboxai.coordinator.resource.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.store.Store;

/**
 * The resource coordinator's state on this node: the budgets, ledger, shared rate limits and
 * allocation leases in the store (shared by every node), the per-node concurrency limits and
 * monitor, and the prices, limits and capacities from
 * {@code etc/org.toolboxai.coordinator.resource.cfg}, which a change replaces while it runs; keys
 * that are not valid are logged, listed in health, and left out.
 */
@Component(service = ResourceCoordinator.class, configurationPid = ResourceCoordinator.PID)
public class ResourceCoordinator {

    /** PID of the configuration (prices, limits, capacities). */
    public static final String PID = "org.toolboxai.coordinator.resource";

    private static final Logger LOG = LoggerFactory.getLogger(ResourceCoordinator.class);

    private final BudgetLedger ledger;
    private final RateLimits limits;
    private final Allocations allocations;
    private final Monitor monitor;
    private volatile PriceTable prices;
    private volatile List<String> problems;

    /** Opens the ledger, limits and leases on the migrated schema and reads the configuration. */
    @Activate
    public ResourceCoordinator(@Reference(target = "(" + Store.SCHEMA + "=resource)") Store store, Map<String, Object> config) {
        this(new BudgetLedger(store.dataSource(), Clock.systemUTC()), new RateLimits(store.dataSource()),
                new Allocations(store.dataSource(), System.getProperty("karaf.name", "node")), new Monitor(Clock.systemUTC()), config);
    }

    ResourceCoordinator(BudgetLedger ledger, RateLimits limits, Allocations allocations, Monitor monitor, Map<String, Object> config) {
        this.ledger = ledger;
        this.limits = limits;
        this.allocations = allocations;
        this.monitor = monitor;
        modified(config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        List<String> found = new ArrayList<>();
        prices = PriceTable.of(config, found);
        found.addAll(limits.reconfigure(config));
        found.addAll(allocations.reconfigure(config));
        problems = List.copyOf(found);
        found.forEach(p -> LOG.warn("Left out of etc/{}.cfg: {}", PID, p));
    }

    BudgetLedger ledger() {
        return ledger;
    }

    PriceTable prices() {
        return prices;
    }

    RateLimits limits() {
        return limits;
    }

    Allocations allocations() {
        return allocations;
    }

    Monitor monitor() {
        return monitor;
    }

    /** Configuration keys that were left out, and why. */
    List<String> problems() {
        return problems;
    }
}
