package org.toolboxai.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged library bundle: what it embeds, exports and imports (runs after {@code package}). */
class LlmBundleIT {

    private static final List<String> EMBEDDED = List.of("lib/langchain4j-core.jar", "lib/langchain4j-http-client.jar",
            "lib/langchain4j-http-client-jdk.jar", "lib/langchain4j-open-ai.jar");

    private JarFile bundle;
    private Attributes headers;
    private String version;

    @BeforeEach
    void open() throws IOException {
        String path = System.getProperty("bundle.jar");
        assertThat(path).as("system property bundle.jar").isNotBlank();
        assertThat(Path.of(path)).exists();
        bundle = new JarFile(path);
        headers = bundle.getManifest().getMainAttributes();
        version = System.getProperty("langchain4j.version", "1.19.0");
    }

    @AfterEach
    void close() throws IOException {
        bundle.close();
    }

    @Test
    void embedsTheLangchain4jJarsOnTheBundleClassPath() {
        assertThat(headers.getValue("Bundle-SymbolicName")).isEqualTo("org.toolboxai.llm");
        List<String> classPath = List.of(headers.getValue("Bundle-ClassPath").split(","));
        assertThat(classPath).first().isEqualTo(".");
        assertThat(classPath).containsAll(EMBEDDED).doesNotHaveDuplicates();
        for (String jar : EMBEDDED) {
            assertThat(bundle.getEntry(jar)).as(jar).isNotNull();
        }
        // no class copied out of the jars into the bundle itself
        assertThat(bundle.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class"))).isEmpty();
    }

    @Test
    void embedsTheJarsUnchangedWithTheirServiceFiles() throws IOException {
        Map<String, byte[]> jdkClient = entries("lib/langchain4j-http-client-jdk.jar");
        String service = "META-INF/services/dev.langchain4j.http.client.HttpClientBuilderFactory";
        assertThat(jdkClient).containsKey(service);
        String factory = new String(jdkClient.get(service), StandardCharsets.UTF_8).trim();
        assertThat(factory).isEqualTo("dev.langchain4j.http.client.jdk.JdkHttpClientBuilderFactory");
        assertThat(jdkClient).containsKey(factory.replace('.', '/') + ".class");
        assertThat(entries("lib/langchain4j-open-ai.jar")).containsKey("dev/langchain4j/model/openai/OpenAiChatModel.class");
    }

    @Test
    void exportsEveryEmbeddedPackageAtTheLangchain4jVersion() throws IOException {
        Map<String, String> exports = clauses(headers.getValue("Export-Package"));
        assertThat(exports).containsKeys("dev.langchain4j.model.openai", "dev.langchain4j.model.chat",
                "dev.langchain4j.model.chat.request", "dev.langchain4j.data.message", "dev.langchain4j.exception",
                "dev.langchain4j.http.client", "dev.langchain4j.http.client.jdk");
        assertThat(exports.get("dev.langchain4j.model.openai")).contains("version=\"" + version + "\"");
        TreeSet<String> embeddedPackages = new TreeSet<>();
        for (String jar : EMBEDDED) {
            for (String name : entries(jar).keySet()) {
                if (name.endsWith(".class") && name.startsWith("dev/langchain4j/")) {
                    embeddedPackages.add(name.substring(0, name.lastIndexOf('/')).replace('/', '.'));
                }
            }
        }
        assertThat(exports.keySet()).containsAll(embeddedPackages);
        assertThat(exports.values()).allSatisfy(attributes -> assertThat(attributes).contains("version=\"" + version + "\""));
    }

    @Test
    void importsJacksonAndSlf4jAndNothingMandatoryBeyond() {
        Map<String, String> imports = clauses(headers.getValue("Import-Package"));
        // exported without importing back: every class comes from these jars
        assertThat(imports.keySet()).noneMatch(p -> p.startsWith("dev.langchain4j"));
        assertThat(imports.get("com.fasterxml.jackson.databind")).contains("version=\"[2.19,3)\"");
        assertThat(imports.get("org.slf4j")).contains("version=\"[1.7,3)\"");
        imports.forEach((pkg, attributes) -> {
            if (pkg.startsWith("com.knuddels.jtokkit") || pkg.startsWith("org.jspecify")) {
                assertThat(attributes).as(pkg).contains("resolution:=optional");
            } else {
                assertThat(pkg).as("mandatory import").matches("java\\..*|com\\.fasterxml\\.jackson\\..*|org\\.slf4j");
            }
        });
    }

    private Map<String, byte[]> entries(String embeddedJar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = bundle.getInputStream(bundle.getEntry(embeddedJar)); JarInputStream jar = new JarInputStream(in)) {
            for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                entries.put(e.getName(), jar.readAllBytes());
            }
        }
        return entries;
    }

    /** A manifest header's clauses: package name to the rest of its clause (commas inside quotes kept). */
    static Map<String, String> clauses(String header) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        Map<String, String> clauses = new LinkedHashMap<>();
        for (String part : parts) {
            int semicolon = part.indexOf(';');
            clauses.put(semicolon < 0 ? part.trim() : part.substring(0, semicolon).trim(),
                    semicolon < 0 ? "" : part.substring(semicolon + 1));
        }
        return clauses;
    }
}
