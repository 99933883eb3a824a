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
 * The resource coordinator's state on this node: the budgets and ledger in the store (shared by
 * every node) and the price table from {@code etc/org.toolboxai.coordinator.resource.cfg}, which a
 * change replaces while it runs; keys that are not valid prices are logged and left out.
 */
@Component(service = ResourceCoordinator.class, configurationPid = ResourceCoordinator.PID)
public class ResourceCoordinator {

    /** PID of the configuration (prices). */
    public static final String PID = "org.toolboxai.coordinator.resource";

    private static final Logger LOG = LoggerFactory.getLogger(ResourceCoordinator.class);

    private final BudgetLedger ledger;
    private volatile PriceTable prices;
    private volatile List<String> priceProblems;

    /** Opens the ledger on the migrated schema and reads the prices. */
    @Activate
    public ResourceCoordinator(@Reference(target = "(" + Store.SCHEMA + "=resource)") Store store, Map<String, Object> config) {
        this(new BudgetLedger(store.dataSource(), Clock.systemUTC()), config);
    }

    ResourceCoordinator(BudgetLedger ledger, Map<String, Object> config) {
        this.ledger = ledger;
        modified(config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        List<String> problems = new ArrayList<>();
        prices = PriceTable.of(config, problems);
        priceProblems = List.copyOf(problems);
        problems.forEach(p -> LOG.warn("Price left out: {}", p));
    }

    BudgetLedger ledger() {
        return ledger;
    }

    PriceTable prices() {
        return prices;
    }

    /** Configuration keys that are not valid prices, and why. */
    List<String> priceProblems() {
        return priceProblems;
    }
}
