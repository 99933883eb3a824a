package org.toolboxai.coordinator.main.internal;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.karaf.features.BootFinished;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.toolboxai.api.health.Readiness;

/**
 * The boot as Karaf tells it. Finished once the features service has installed every boot feature
 * of every stage (it registers {@link BootFinished} then) and the framework has reached its
 * beginning start level: on a restart Karaf registers BootFinished at once, before the bundles of
 * later start levels have started. Required contributors are those that active bundles name in
 * their {@link Readiness#REQUIRES_HEADER} header.
 */
final class KarafBootProgress implements BootProgress {

    private final BundleContext context;
    private final int beginningStartLevel;
    private final BundleTracker<Set<String>> declarations;
    /** The boot finishes once; a later look-up would only cost time. */
    private volatile boolean finished;

    KarafBootProgress(BundleContext context) {
        this.context = context;
        this.beginningStartLevel = parse(context.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL));
        this.declarations = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE,
                new BundleTrackerCustomizer<Set<String>>() {
                    @Override
                    public Set<String> addingBundle(Bundle bundle, BundleEvent event) {
                        Set<String> names = declared(bundle.getHeaders().get(Readiness.REQUIRES_HEADER));
                        return names.isEmpty() ? null : names;
                    }

                    @Override
                    public void modifiedBundle(Bundle bundle, BundleEvent event, Set<String> names) {
                    }

                    @Override
                    public void removedBundle(Bundle bundle, BundleEvent event, Set<String> names) {
                    }
                });
        declarations.open();
    }

    /** Stops tracking bundles. */
    void close() {
        declarations.close();
    }

    @Override
    public boolean finished() {
        if (!finished) {
            FrameworkStartLevel level = context.getBundle(0).adapt(FrameworkStartLevel.class);
            finished = context.getServiceReference(BootFinished.class) != null
                    && (level == null || level.getStartLevel() >= beginningStartLevel);
        }
        return finished;
    }

    @Override
    public Set<String> requiredContributors() {
        Set<String> names = new TreeSet<>();
        declarations.getTracked().values().forEach(names::addAll);
        return names;
    }

    static Set<String> declared(String header) {
        if (header == null) {
            return Set.of();
        }
        return Arrays.stream(header.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static int parse(String level) {
        try {
            return level == null ? 1 : Integer.parseInt(level.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
