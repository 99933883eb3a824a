package org.toolboxai.lms.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;

/** {@code lms}: the installed LMS providers and how each is, and whether teachers' credentials can be used. */
@Component(service = HealthContributor.class)
public class LmsHealth implements HealthContributor {

    private final LmsService lms;

    @Activate
    public LmsHealth(@Reference LmsService lms) {
        this.lms = lms;
    }

    @Override
    public String name() {
        return "lms";
    }

    @Override
    public HealthCheck check() {
        return lms.health();
    }
}
