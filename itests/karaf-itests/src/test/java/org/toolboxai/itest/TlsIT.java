package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The README's TLS configuration, as written except for the address (tests stay on 127.0.0.1) and
 * the password (no environment can be given to the container): a keystore made with keytool,
 * HTTPS on, plain HTTP off. The API then answers over TLS with that certificate and nothing else.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TlsIT extends ToolboxTestSupport {

    private static final String PASSWORD = "tls-itest-pass";
    private static final String ALIAS = "toolbox";

    @Override
    @Configuration
    public Option[] config() {
        Path keystore = generateKeystore();
        String pax = "etc/org.ops4j.pax.web.cfg";
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.addAll(List.of(
                editConfigurationFilePut(pax, "org.osgi.service.http.enabled", "false"),
                editConfigurationFilePut(pax, "org.osgi.service.http.secure.enabled", "true"),
                editConfigurationFilePut(pax, "org.osgi.service.http.port.secure", freePort()),
                editConfigurationFilePut(pax, "org.ops4j.pax.web.ssl.keystore", keystore.toString()),
                editConfigurationFilePut(pax, "org.ops4j.pax.web.ssl.keystore.type", "PKCS12"),
                editConfigurationFilePut(pax, "org.ops4j.pax.web.ssl.keystore.password", PASSWORD),
                editConfigurationFilePut(pax, "org.ops4j.pax.web.ssl.key.password", PASSWORD),
                editConfigurationFilePut(pax, "org.ops4j.pax.web.ssl.key.alias", ALIAS),
                systemProperty("toolbox.tls.keystore").value(keystore.toString())));
        return options.toArray(Option[]::new);
    }

    /** A fresh self-signed key pair for 127.0.0.1, made with the JDK's keytool as the README says. */
    private static Path generateKeystore() {
        try {
            Path folder = Paths.get(System.getProperty("project.build.directory", "target"), "tls");
            Files.createDirectories(folder);
            Path keystore = folder.resolve("toolbox-" + System.nanoTime() + ".p12");
            Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                    "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return keystore;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot make the test keystore", e);
        }
    }

    /** Trusts exactly the generated certificate, so a handshake proves the server uses it. */
    @Override
    protected HttpClient newHttpClient() {
        SSLContext trusting = trustingTheKeystore();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        return (trusting == null ? builder : builder.sslContext(trusting)).build();
    }

    private static SSLContext trustingTheKeystore() {
        String path = System.getProperty("toolbox.tls.keystore");
        if (path == null) {
            // the driver JVM builds this class too, without the container's system properties
            return null;
        }
        try (InputStream in = Files.newInputStream(Paths.get(path))) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test keystore " + path, e);
        }
    }

    @Override
    protected String base() throws IOException {
        return "https://127.0.0.1:" + configValue("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port.secure");
    }

    @Test
    public void theApiAnswersOverTlsWithTheConfiguredCertificate() throws Exception {
        HttpResponse<String> health = get("/api/v1/health", null);
        assertEquals(health.body(), 200, health.statusCode());
        assertEquals("UP", json(health).path("status").asText());
        HttpResponse<String> me = get("/api/v1/me", bearer(adminToken()));
        assertEquals(me.body(), 200, me.statusCode());
        assertEquals("admin", json(me).path("role").asText());

        X509Certificate served;
        try (SSLSocket socket = (SSLSocket) trustingTheKeystore().getSocketFactory().createSocket("127.0.0.1", uri("/").getPort())) {
            socket.startHandshake();
            served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
        try (InputStream in = Files.newInputStream(Paths.get(System.getProperty("toolbox.tls.keystore")))) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            assertEquals(keys.getCertificate(ALIAS), served);
        }
    }

    @Test
    public void plainHttpIsOffAndHttpsStaysOnLoopback() throws Exception {
        int httpPort = Integer.parseInt(configValue("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port"));
        assertRefused(InetAddress.getByName("127.0.0.1"), httpPort);
        InetAddress external = nonLoopbackAddress();
        Assume.assumeTrue("this machine has no non-loopback address, so only plain HTTP being off is checked",
                external != null);
        assertRefused(external, uri("/").getPort());
    }
}
