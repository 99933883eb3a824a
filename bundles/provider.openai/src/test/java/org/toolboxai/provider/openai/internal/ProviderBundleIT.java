package org.toolboxai.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/** The packaged bundle: the key stays a private property, langchain4j is imported from the llm bundle. */
class ProviderBundleIT {

    private static String entry(JarFile jar, String name) throws IOException {
        assertThat(jar.getEntry(name)).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theKeyIsAPrivatePropertyAndAPassword() throws Exception {
        try (JarFile jar = new JarFile(Path.of(System.getProperty("bundle.jar")).toFile())) {
            String component = entry(jar, "OSGI-INF/org.toolboxai.provider.openai.internal.OpenAiChatModelProvider.xml");
            assertThat(component).contains("configuration-policy=\"optional\"")
                    .contains("configuration-pid=\"" + OpenAiConfig.PID + "\"")
                    .contains("<property name=\"" + OpenAiConfig.API_KEY + "\"")
                    .doesNotContain("name=\"api.key\"").doesNotContain("name=\"api_key\"")
                    .contains("<property name=\"base.url\"").contains("<property name=\"provider.name\" type=\"String\" value=\"openai\"/>");
            String metatype = entry(jar, "OSGI-INF/metatype/" + OpenAiConfig.PID + ".xml");
            assertThat(metatype).contains("<AD id=\"" + OpenAiConfig.API_KEY + "\" type=\"Password\"")
                    .contains("<Designate pid=\"" + OpenAiConfig.PID + "\"");
            org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(metatype.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            javax.xml.xpath.XPath path = javax.xml.xpath.XPathFactory.newInstance().newXPath();
            assertThat(path.evaluate("//AD[@id='structured.output']/@default", xml)).isEqualTo("auto");
            org.w3c.dom.NodeList options = (org.w3c.dom.NodeList) path.evaluate("//AD[@id='structured.output']/Option/@value", xml,
                    javax.xml.xpath.XPathConstants.NODESET);
            assertThat(java.util.stream.IntStream.range(0, options.getLength()).mapToObj(i -> options.item(i).getNodeValue()))
                    .containsExactly("auto", "json_schema", "json_object", "off");
        }
    }

    @Test
    void importsLangchain4jAtItsVersion() throws IOException {
        try (JarFile jar = new JarFile(Path.of(System.getProperty("bundle.jar")).toFile())) {
            String imports = jar.getManifest().getMainAttributes().getValue("Import-Package");
            assertThat(imports).contains("dev.langchain4j.model.openai;version=\"[1.19,2)\"")
                    .contains("dev.langchain4j.http.client.jdk;version=\"[1.19,2)\"")
                    .contains("org.toolboxai.api.model;version=\"[2.3,3)\"");
            assertThat(jar.stream().map(e -> e.getName())).noneMatch(n -> n.startsWith("dev/langchain4j"));
        }
    }
}
