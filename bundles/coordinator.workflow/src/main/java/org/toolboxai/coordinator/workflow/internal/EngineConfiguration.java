package org.toolboxai.coordinator.workflow.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow engine's configuration ({@code etc/org.toolboxai.coordinator.workflow.cfg}) as a
 * component of its own. A change ({@code config:edit}, the file) reaches the running engine
 * through {@code @Modified} here; the engine's component is neither deactivated nor modified, so
 * its service registration keeps its properties and no consumer of the engine sees a change.
 */
@Component(service = EngineConfiguration.class, configurationPid = WorkflowConfig.PID)
@Designate(ocd = WorkflowConfig.class)
public class EngineConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EngineConfiguration.class);

    private final List<Consumer<WorkflowConfig>> listeners = new CopyOnWriteArrayList<>();
    private WorkflowConfig current;

    /** The configuration at start (the defaults when there is none). */
    @Activate
    public EngineConfiguration(WorkflowConfig config) {
        this.current = config;
    }

    @Modified
    synchronized void modified(WorkflowConfig config) {
        current = config;
        for (Consumer<WorkflowConfig> listener : listeners) {
            try {
                listener.accept(config);
            } catch (RuntimeException e) {
                LOG.error("The workflow engine could not apply its new configuration", e);
            }
        }
    }

    /** The configuration now. */
    synchronized WorkflowConfig current() {
        return current;
    }

    /** Tells {@code listener} of every change from now on, starting with the configuration now. */
    synchronized void subscribe(Consumer<WorkflowConfig> listener) {
        listeners.add(listener);
        listener.accept(current);
    }

    void unsubscribe(Consumer<WorkflowConfig> listener) {
        listeners.remove(listener);
    }
}
