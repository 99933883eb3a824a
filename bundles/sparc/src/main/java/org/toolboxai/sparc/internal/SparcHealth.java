package org.toolboxai.sparc.internal;

import java.sql.SQLException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;

/** {@code sparc} in the health report: its tables answer; banks, answers and active sessions. */
@Component(service = HealthContributor.class)
public class SparcHealth implements HealthContributor {

    private final SparcService sparc;

    @Activate
    public SparcHealth(@Reference SparcService sparc) {
        this.sparc = sparc;
    }

    @Override
    public String name() {
        return "sparc";
    }

    @Override
    public HealthCheck check() {
        try {
            return HealthCheck.up(sparc.counts());
        } catch (SQLException e) {
            return HealthCheck.down("The SPARC tables cannot be read (SQL state " + e.getSQLState() + ").");
        }
    }
}
