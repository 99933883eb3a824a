package org.toolboxai.coordinator.workflow.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded templates, in layers: the built-in ones, those shipped by installed bundles
 * (they come and go with their bundle), then the files of the administrator's folder (re-read
 * when they change); a later layer overrides a template of the same name. A template that
 * fails validation is left out and its error kept for the shell and the log; the others still
 * load. Reads see one consistent snapshot; changes rebuild it.
 */
final class TemplateRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateRegistry.class);

    /** A template source: where it comes from and its bytes. */
    record Source(String name, byte[] json) {
    }

    /** Where sources come from, lowest precedence first. */
    enum Layer {
        /** Shipped in the workflow bundle. */
        BUILT_IN,
        /** Shipped by another bundle with its step handlers. */
        BUNDLE,
        /** The administrator's folder, {@code etc/toolbox/workflows}. */
        FOLDER
    }

    private record Group(Layer layer, String key) {
    }

    private record Loaded(Map<String, Template> templates, List<String> problems) {
    }

    private static final Comparator<Group> ORDER = Comparator.comparing(Group::layer).thenComparing(Group::key);

    private final Map<Group, List<Source>> groups = new TreeMap<>(ORDER);
    private volatile Loaded loaded;

    /** Built-in templates only (tests, benchmarks). */
    TemplateRegistry(List<Source> builtIn) {
        groups.put(new Group(Layer.BUILT_IN, ""), List.copyOf(builtIn));
        loaded = load();
    }

    /**
     * Replaces the sources of one group (a bundle's templates, the folder's files): an empty list
     * removes the group.
     *
     * @return the names of the templates loaded afterwards
     */
    synchronized Set<String> replace(Layer layer, String key, List<Source> sources) {
        Group group = new Group(layer, key);
        if (sources.isEmpty()) {
            groups.remove(group);
        } else {
            groups.put(group, List.copyOf(sources));
        }
        loaded = load();
        return loaded.templates().keySet();
    }

    private Loaded load() {
        TemplateParser parser = new TemplateParser();
        Map<String, Template> loaded = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (List<Source> sources : groups.values()) {
            for (Source source : sources) {
                try {
                    Template t = parser.parse(source.name(), source.json());
                    Template previous = loaded.put(t.name(), t);
                    if (previous != null) {
                        LOG.info("Workflow template {} from {} overrides the one from {}", t.name(), source.name(),
                                previous.source());
                    }
                } catch (TemplateException e) {
                    errors.add(e.getMessage());
                }
            }
        }
        // sub-flows must name loaded templates and must not recurse
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Template t : List.copyOf(loaded.values())) {
                String problem = subflowProblem(t, loaded, new HashSet<>());
                if (problem != null) {
                    loaded.remove(t.name());
                    errors.add(problem);
                    changed = true;
                }
            }
        }
        errors.forEach(e -> LOG.error("Workflow template rejected: {}", e));
        return new Loaded(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(loaded)), List.copyOf(errors));
    }

    private static String subflowProblem(Template t, Map<String, Template> loaded, Set<String> path) {
        if (!path.add(t.name())) {
            return t.source() + " (template " + t.name() + "): sub-flows recurse through " + path;
        }
        for (Template.StepSpec step : t.steps()) {
            if (step.subflow() == null) {
                continue;
            }
            Template sub = loaded.get(step.subflow());
            if (sub == null) {
                return t.source() + " (template " + t.name() + "), step '" + step.id()
                        + "': field 'subflow' names unknown template '" + step.subflow() + "'";
            }
            String deeper = subflowProblem(sub, loaded, new HashSet<>(path));
            if (deeper != null) {
                return t.source() + " (template " + t.name() + "), step '" + step.id() + "': " + deeper;
            }
        }
        return null;
    }

    /** Template files ({@code *.json}) of a folder, sorted by name; a missing folder has none. */
    static List<Source> folder(Path dir) {
        List<Source> sources = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return sources;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path file : sorted) {
                try {
                    sources.add(new Source(file.toString(), Files.readAllBytes(file)));
                } catch (IOException e) {
                    LOG.error("Cannot read workflow template {}: {}", file, e.toString());
                    sources.add(new Source(file.toString(), new byte[0]));
                }
            }
        } catch (IOException e) {
            LOG.error("Cannot read workflow templates from {}", dir, e);
        }
        return sources;
    }

    Template get(String name) {
        return loaded.templates().get(name);
    }

    List<Template> all() {
        return List.copyOf(loaded.templates().values());
    }

    /** Why templates were rejected. */
    List<String> problems() {
        return loaded.problems();
    }
}
