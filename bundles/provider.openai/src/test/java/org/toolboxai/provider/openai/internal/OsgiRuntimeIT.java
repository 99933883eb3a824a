package org.toolboxai.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The llm library bundle and this provider in a real Felix framework with SCR, ConfigAdmin and the
 * Jackson 2.19 bundles (the versions Karaf 4.4.10 and the distribution run): they resolve, the
 * embedded langchain4j finds its own HTTP client through ServiceLoader, the component registers
 * without configuration, keeps the key out of its service properties, and answers a chat
 * completion from a loopback server once configured.
 */
class OsgiRuntimeIT {

    private static final String KEY = "sk-osgi-T3stK3y-0123456789abcdef";

    private Framework framework;
    private BundleContext context;
    private FakeOpenAi server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAi();
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, Files.createTempDirectory("felix-cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars()) {
            installed.add(context.installBundle(jar.toUri().toString()));
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (framework != null) {
                framework.stop();
                framework.waitForStop(TimeUnit.SECONDS.toMillis(10));
            }
        } finally {
            server.close();
        }
    }

    private static List<Path> jars() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("osgi.bundles")))) {
            files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
        jars.add(Path.of(System.getProperty("bundle.jar")));
        return jars;
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
    }

    @Test
    void theLibraryResolvesAgainstJackson219AndFindsItsHttpClient() throws Exception {
        Bundle llm = bundle("org.toolboxai.llm");
        assertThat(llm.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(bundle("org.toolboxai.provider.openai").getState()).isEqualTo(Bundle.ACTIVE);

        List<BundleWire> wires = llm.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package");
        BundleWire databind = wires.stream()
                .filter(w -> "com.fasterxml.jackson.databind".equals(w.getCapability().getAttributes().get("osgi.wiring.package")))
                .findFirst().orElseThrow();
        assertThat(databind.getProvider().getBundle().getVersion().toString()).startsWith(System.getProperty("jackson.version", "2.19"));

        // ServiceLoader inside the library bundle sees the service file of its embedded JDK client jar
        // (with a context class loader that sees no langchain4j, as in Karaf: one that sees another
        // copy, like this test's class path, makes ServiceLoader fail with "not a subtype")
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(null) { });
        try {
            Object builder = llm.loadClass("dev.langchain4j.http.client.HttpClientBuilderLoader")
                    .getMethod("loadHttpClientBuilder").invoke(null);
            assertThat(builder.getClass().getName()).isEqualTo("dev.langchain4j.http.client.jdk.JdkHttpClientBuilder");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void callsWorkWhateverTheCallersContextClassLoaderSees() throws Exception {
        // the workflow engine's threads may carry any context class loader, even one that sees
        // another copy of langchain4j (here: the test class path's)
        configure();
        server.then(FakeOpenAi.Reply.json(200, FakeOpenAi.completion("gpt-4o-mini", "{}", "stop", 1, 1)));
        ServiceReference<?> ref = awaitProvider(server.baseUrl());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(OsgiRuntimeIT.class.getClassLoader());
        try {
            Object reply = complete(ref, "curriculum");
            assertThat(reply.getClass().getMethod("text").invoke(reply)).isEqualTo("{}");
            assertThat(thread.getContextClassLoader()).isSameAs(OsgiRuntimeIT.class.getClassLoader());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void registersWithoutConfigurationAndRefusesCallsWithoutAKey() throws Exception {
        ServiceReference<?> ref = provider();
        assertThat(ref.getProperty("provider.name")).isEqualTo("openai");

        Throwable failure = catchThrowable(() -> complete(ref, "curriculum"));

        assertThat(failure).isInstanceOf(InvocationTargetException.class);
        Throwable cause = failure.getCause();
        assertThat(cause.getClass().getName()).isEqualTo("org.toolboxai.api.model.ModelException");
        assertThat(cause.getMessage()).startsWith("no API key configured");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void configuredItAnswersFromTheServerAndKeepsTheKeyOutOfTheServiceRegistration() throws Exception {
        configure();
        String scripts = "[{\"name\":\"QuizStation\",\"kind\":\"server\",\"source\":\"print(1)\"}]";
        server.then(FakeOpenAi.Reply.json(200,
                FakeOpenAi.completion("gpt-4o-mini-2024-07-18", "{\"items\": " + scripts + "}", "stop", 21, 13)));

        ServiceReference<?> ref = awaitProvider(server.baseUrl());
        Object reply = complete(ref, "script");

        assertThat(reply.toString()).contains("tokensIn=21", "tokensOut=13", "gpt-4o-mini-2024-07-18");
        assertThat(reply.getClass().getMethod("text").invoke(reply)).isEqualTo(scripts);
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
        for (String key : ref.getPropertyKeys()) {
            assertThat(String.valueOf(ref.getProperty(key))).as(key).doesNotContain(KEY);
        }
    }

    /** The provider's configuration in ConfigAdmin, as Karaf makes it from the cfg file. */
    private void configure() throws Exception {
        ServiceReference<?> cmRef = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null)[0];
        Object configAdmin = context.getService(cmRef);
        Object configuration = configAdmin.getClass().getMethod("getConfiguration", String.class, String.class)
                .invoke(configAdmin, OpenAiConfig.PID, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("base.url", server.baseUrl());
        properties.put("model", "gpt-4o-mini");
        properties.put(OpenAiConfig.API_KEY, KEY);
        properties.put("timeout.seconds", 10);
        configuration.getClass().getMethod("update", Dictionary.class).invoke(configuration, properties);
    }

    private ServiceReference<?> provider() throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences("org.toolboxai.api.model.ChatModelProvider", "(provider.name=openai)");
        assertThat(refs).as("openai provider services").hasSize(1);
        return refs[0];
    }

    /** The provider once it has the new configuration (SCR applies it asynchronously). */
    private ServiceReference<?> awaitProvider(String baseUrl) throws Exception {
        AtomicReference<ServiceReference<?>> found = new AtomicReference<>();
        Awaitility.await("the provider takes the configuration").atMost(Duration.ofSeconds(10)).until(() -> {
            ServiceReference<?>[] refs = context.getAllServiceReferences("org.toolboxai.api.model.ChatModelProvider",
                    "(base.url=" + baseUrl + ")");
            if (refs != null && refs.length == 1) {
                found.set(refs[0]);
                return true;
            }
            return false;
        });
        return found.get();
    }

    private Object complete(ServiceReference<?> ref, String task) throws Exception {
        Object provider = context.getService(ref);
        ClassLoader loader = provider.getClass().getClassLoader();
        Class<?> requestType = loader.loadClass("org.toolboxai.api.model.ModelRequest");
        Class<?> factsType = loader.loadClass("org.toolboxai.api.model.LessonFacts");
        Object request = requestType.getConstructor(String.class, String.class, String.class, factsType, String.class)
                .newInstance(task, "Answer with JSON.", "Write it.", null, null);
        Method complete = provider.getClass().getMethod("complete", requestType);
        return complete.invoke(provider, request);
    }
}
