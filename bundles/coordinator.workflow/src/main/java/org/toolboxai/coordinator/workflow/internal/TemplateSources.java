package org.toolboxai.coordinator.workflow.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link TemplateRegistry}: the templates of bundles that ship some (manifest header
 * {@value #HEADER}, the folder inside the bundle), from the moment they start until they stop,
 * and the administrator's folder, re-read when a file in it is added, changed or removed (checked
 * every {@code pollMillis}, as Karaf's own file install does for {@code etc/}).
 */
final class TemplateSources implements AutoCloseable {

    /** The manifest header of a bundle that ships workflow templates: the folder holding them. */
    static final String HEADER = "Toolbox-Workflow-Templates";

    private static final Logger LOG = LoggerFactory.getLogger(TemplateSources.class);

    private final TemplateRegistry registry;
    /** Guarded by this. */
    private Path folder;
    private final BundleTracker<Bundle> tracker;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "toolbox-workflow-templates");
        t.setDaemon(true);
        return t;
    });
    private String folderFingerprint;

    TemplateSources(TemplateRegistry registry, BundleContext context, Path folder, long pollMillis) {
        this.registry = registry;
        this.folder = folder;
        this.tracker = context == null ? null : new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE,
                new BundleTrackerCustomizer<>() {
                    @Override
                    public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                        String location = bundle.getHeaders("").get(HEADER);
                        if (location == null || location.isBlank()) {
                            return null;
                        }
                        List<TemplateRegistry.Source> sources = read(bundle, location.trim());
                        registry.replace(TemplateRegistry.Layer.BUNDLE, key(bundle), sources);
                        LOG.info("Workflow templates of {}: {} files", bundle.getSymbolicName(), sources.size());
                        return bundle;
                    }

                    @Override
                    public void modifiedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
                        // STARTING -> ACTIVE changes nothing
                    }

                    @Override
                    public void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
                        registry.replace(TemplateRegistry.Layer.BUNDLE, key(bundle), List.of());
                        LOG.info("Workflow templates of {} removed with it", bundle.getSymbolicName());
                    }
                });
        reloadFolder();
        if (tracker != null) {
            tracker.open();
        }
        if (pollMillis > 0) {
            poller.scheduleWithFixedDelay(this::reloadFolder, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        if (tracker != null) {
            tracker.close();
        }
    }

    /** Reads templates from another folder from now on (the configuration changed). */
    synchronized void pointTo(Path other) {
        if (other.equals(folder)) {
            return;
        }
        LOG.info("Workflow templates now come from {} instead of {}", other, folder);
        folder = other;
        folderFingerprint = null;
        reloadFolder();
    }

    /** Reads the folder again if any of its files changed since the last read. */
    synchronized void reloadFolder() {
        try {
            String fingerprint = fingerprint(folder);
            if (fingerprint.equals(folderFingerprint)) {
                return;
            }
            boolean first = folderFingerprint == null;
            folderFingerprint = fingerprint;
            registry.replace(TemplateRegistry.Layer.FOLDER, "", TemplateRegistry.folder(folder));
            if (!first) {
                LOG.info("Workflow templates in {} changed; reloaded", folder);
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot read workflow templates from {}", folder, e);
        }
    }

    /** Names, sizes and modification times of the folder's templates. */
    private static String fingerprint(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                parts.add(file.getFileName() + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis());
            }
        } catch (IOException e) {
            return "unreadable: " + e;
        }
        Collections.sort(parts);
        return String.join("|", parts);
    }

    /** Bundles keep their order of installation, so a later bundle overrides an earlier one. */
    private static String key(Bundle bundle) {
        return String.format("%012d", bundle.getBundleId());
    }

    /** A bundle's templates ({@code *.json} in its folder), sorted by name. */
    static List<TemplateRegistry.Source> read(Bundle bundle, String location) {
        List<TemplateRegistry.Source> sources = new ArrayList<>();
        var entries = bundle.findEntries(location, "*.json", false);
        if (entries == null) {
            return sources;
        }
        List<URL> urls = Collections.list(entries);
        urls.sort((a, b) -> a.getPath().compareTo(b.getPath()));
        for (URL url : urls) {
            try (InputStream in = url.openStream()) {
                sources.add(new TemplateRegistry.Source("bundle " + bundle.getSymbolicName() + ":" + url.getPath(),
                        in.readAllBytes()));
            } catch (IOException e) {
                LOG.error("Cannot read workflow template {} of {}", url, bundle.getSymbolicName(), e);
            }
        }
        return sources;
    }
}
