package org.toolboxai.coordinator.error.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

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

/**
 * The e-mail channel in a real Felix 7.0.5 (Karaf 4.4.10's) with SCR and ConfigAdmin, Jakarta Mail
 * API 2.1, Angus Mail, Jakarta Activation and Angus Activation as separate bundles and no SPI Fly:
 * everything resolves (resilience4j too), the channel appears only once configured, and a critical
 * alert reaches GreenMail, whatever the caller's context class loader sees.
 */
class OsgiMailIT {

    private Framework framework;
    private BundleContext context;
    private GreenMail smtp;

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
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
            bundle.start();
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
            smtp.stop();
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

    @Test
    void everyBundleResolvesWithoutAServiceLoaderMediator() {
        assertThat(Arrays.stream(context.getBundles()).filter(b -> b.getBundleId() != 0))
                .allSatisfy(b -> assertThat(b.getState()).as(b.getSymbolicName()).isEqualTo(Bundle.ACTIVE));
        assertThat(Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName))
                .contains("io.github.resilience4j.resilience4j-core", "io.github.resilience4j.resilience4j-circuitbreaker",
                        "org.eclipse.angus.mail", "angus-activation", "jakarta.mail-api", "jakarta.activation-api")
                .noneMatch(name -> name.contains("spifly"));
    }

    @Test
    void configuredTheChannelSendsACriticalAlertThroughAngusMail() throws Exception {
        assertThat(channel("email")).as("no configuration, no e-mail channel").isNull();
        configure();
        AtomicReference<ServiceReference<?>> ref = new AtomicReference<>();
        Awaitility.await("the e-mail channel registers").atMost(Duration.ofSeconds(10))
                .until(() -> { ref.set(channel("email")); return ref.get() != null; });
        Object channel = context.getService(ref.get());
        Object alert = alert(channel);

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // as on a Karaf thread: a context class loader that sees no mail implementation
        thread.setContextClassLoader(new ClassLoader(null) { });
        try {
            channel.getClass().getMethod("send", alert.getClass()).invoke(channel, alert);
            assertThat(thread.getContextClassLoader().getParent()).isNull();
        } finally {
            thread.setContextClassLoader(previous);
        }

        assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[Toolbox CRITICAL] Store unreachable");
        for (String key : ref.get().getPropertyKeys()) {
            assertThat(String.valueOf(ref.get().getProperty(key))).as(key).doesNotContain("smtp-pw");
        }
    }

    private ServiceReference<?> channel(String name) throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences("org.toolboxai.api.error.AlertChannel", "(alert.channel=" + name + ")");
        return refs == null ? null : refs[0];
    }

    private void configure() throws Exception {
        smtp.setUser("alerts@school.example", "alerts", "smtp-pw");
        ServiceReference<?> cmRef = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null)[0];
        Object configAdmin = context.getService(cmRef);
        Object configuration = configAdmin.getClass().getMethod("getConfiguration", String.class, String.class)
                .invoke(configAdmin, EmailConfig.PID, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("smtp.host", "127.0.0.1");
        properties.put("smtp.port", smtp.getSmtp().getPort());
        properties.put("from", "toolbox@school.example");
        properties.put("to", "ops@school.example");
        properties.put("username", "alerts");
        properties.put(EmailConfig.PASSWORD, "smtp-pw");
        configuration.getClass().getMethod("update", Dictionary.class).invoke(configuration, properties);
    }

    /** An Alert of the API bundle inside the framework (not the test class path's). */
    private static Object alert(Object channel) throws Exception {
        ClassLoader loader = channel.getClass().getClassLoader();
        Class<?> alertType = loader.loadClass("org.toolboxai.api.error.Alert");
        Class<?> levelType = loader.loadClass("org.toolboxai.api.error.AlertLevel");
        Class<?> classType = loader.loadClass("org.toolboxai.api.error.ErrorClass");
        Object critical = levelType.getMethod("valueOf", String.class).invoke(null, "CRITICAL");
        Object network = classType.getMethod("valueOf", String.class).invoke(null, "NETWORK");
        return alertType.getConstructors()[0].newInstance("a-1", critical, "fp-store", network, "store", "Store unreachable",
                "The database does not answer.", 3L, Instant.parse("2026-01-01T12:00:00Z"));
    }
}
