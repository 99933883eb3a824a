package org.toolboxai.coordinator.workflow.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers for the template, parameter and planner tests. */
final class TemplateFixtures {

    static final List<String> SHIPPED = List.of("educational_content", "complete_course", "adaptive_assessment");

    private TemplateFixtures() {
    }

    /** The bytes of a template shipped in {@code src/main/resources/templates}. */
    static byte[] shipped(String name) {
        try (InputStream in = TemplateFixtures.class.getResourceAsStream("/templates/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("template " + name + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A registry of the three shipped templates. */
    static TemplateRegistry shippedRegistry() {
        List<TemplateRegistry.Source> sources = new ArrayList<>();
        for (String name : SHIPPED) {
            sources.add(new TemplateRegistry.Source(name + ".json", shipped(name)));
        }
        TemplateRegistry registry = new TemplateRegistry(sources);
        if (!registry.problems().isEmpty()) {
            throw new IllegalStateException("shipped templates rejected: " + registry.problems());
        }
        return registry;
    }

    static TemplateRegistry.Source source(String name, String json) {
        return new TemplateRegistry.Source(name, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a template from a string, as source {@code test.json}. */
    static Template parse(String json) throws TemplateException {
        return new TemplateParser().parse("test.json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** JSON written with single quotes, for readable tests: {@code q("{'a': 1}")}. */
    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** Template JSON with the given parameters object and steps array, all written with single quotes. */
    static String template(String name, String parameters, String steps) {
        return q("{'name': '" + name + "', 'parameters': " + parameters + ", 'steps': " + steps + "}");
    }
}
