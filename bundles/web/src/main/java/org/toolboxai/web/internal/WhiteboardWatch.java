package org.toolboxai.web.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure pax-web serves every servlet this bundle registers, and registers one again when it
 * does not. pax-web 8.0.34's whiteboard extender has a start-up race: a servlet service that
 * appears while the HTTP service itself is coming up can resolve its target context just before
 * the default context exists and be filed afterwards, so it waits for a context event that has
 * already happened and is never served ("No matching target context(s) for Whiteboard element" in
 * the log, and no "Registering ServletModel" after it). On a fresh node that left {@code /api/*} to
 * the fallback servlet, 404 for every request. The watch compares this bundle's servlet services
 * with the runtime's DTOs every two seconds and, for one missing longer than the grace period,
 * disables and enables its component, which registers the service anew.
 */
@Component(immediate = true)
public class WhiteboardWatch {

    private static final Logger LOG = LoggerFactory.getLogger(WhiteboardWatch.class);
    private static final String SERVLET = "javax.servlet.Servlet";

    private final HttpServiceRuntime runtime;
    private final ComponentContext context;
    private final WhiteboardAudit audit = new WhiteboardAudit(Duration.ofSeconds(5), 5);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "toolbox-whiteboard-watch");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public WhiteboardWatch(@Reference HttpServiceRuntime runtime, ComponentContext context) {
        this.runtime = runtime;
        this.context = context;
        timer.scheduleWithFixedDelay(this::check, 1, 2, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    private void check() {
        try {
            List<WhiteboardAudit.Registered> ours = servletServices();
            if (ours.isEmpty()) {
                return;
            }
            RuntimeDTO dto = runtime.getRuntimeDTO();
            if (dto == null || dto.servletContextDTOs == null) {
                return;
            }
            for (WhiteboardAudit.Registered lost : audit.lost(ours, served(dto), System.nanoTime())) {
                LOG.warn("The HTTP runtime does not serve servlet {} (service {}); registering component {} again"
                        + " (attempt {})", lost.servletName(), lost.serviceId(), lost.component(),
                        audit.repairs(lost.component()));
                context.disableComponent(lost.component());
                context.enableComponent(lost.component());
            }
        } catch (RuntimeException e) {
            // the runtime going away mid-check, or the bundle stopping: the next check sees the new state
            LOG.debug("Whiteboard check failed", e);
        }
    }

    /** This bundle's whiteboard servlet services registered by DS components. */
    private List<WhiteboardAudit.Registered> servletServices() {
        ServiceReference<?>[] refs = context.getBundleContext().getBundle().getRegisteredServices();
        List<WhiteboardAudit.Registered> ours = new ArrayList<>();
        if (refs == null) {
            return ours;
        }
        for (ServiceReference<?> ref : refs) {
            Object classes = ref.getProperty(org.osgi.framework.Constants.OBJECTCLASS);
            Object component = ref.getProperty(ComponentConstants.COMPONENT_NAME);
            Object name = ref.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME);
            if (classes instanceof String[] names && Arrays.asList(names).contains(SERVLET) && component != null) {
                ours.add(new WhiteboardAudit.Registered((Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID),
                        component.toString(), name == null ? component.toString() : name.toString()));
            }
        }
        return ours;
    }

    /** Service ids of the servlets (and error-page servlets) the runtime serves in some context. */
    static Set<Long> served(RuntimeDTO dto) {
        Set<Long> ids = new HashSet<>();
        if (dto == null || dto.servletContextDTOs == null) {
            return ids;
        }
        for (ServletContextDTO context : dto.servletContextDTOs) {
            if (context.servletDTOs != null) {
                Arrays.stream(context.servletDTOs).forEach(s -> ids.add(s.serviceId));
            }
            if (context.errorPageDTOs != null) {
                Arrays.stream(context.errorPageDTOs).forEach(e -> ids.add(e.serviceId));
            }
        }
        return ids;
    }
}
