package org.toolboxai.coordinator.error.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;

/**
 * {@code errors}: DEGRADED while a remote service's circuit is open (its calls fail fast or go to
 * the fallback), naming it; otherwise UP with the number of open error groups.
 */
@Component(service = HealthContributor.class)
public class ErrorHealth implements HealthContributor {

    private final ErrorCoordinatorService errors;

    @Activate
    public ErrorHealth(@Reference ErrorCoordinatorService errors) {
        this.errors = errors;
    }

    @Override
    public String name() {
        return "errors";
    }

    @Override
    public HealthCheck check() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        List<Breakers.Circuit> circuits = errors.breakers().circuits();
        details.put("open_groups", errors.groups().list(ErrorGroups.OPEN, null, null, ErrorsEndpoint.MAX_LIMIT).size());
        List<String> open = circuits.stream().filter(c -> !c.state().equals("closed")).map(c -> c.service() + " (" + c.state() + ")").toList();
        details.put("circuits", circuits.stream().map(c -> c.service() + ": " + c.state()).toList());
        if (!open.isEmpty()) {
            return HealthCheck.degraded("circuit not closed: " + String.join(", ", open)
                    + "; calls fail fast or go to the fallback until trial calls succeed", details);
        }
        return HealthCheck.up(details);
    }
}
