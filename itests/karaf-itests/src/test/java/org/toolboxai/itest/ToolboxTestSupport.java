package org.toolboxai.itest;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.Before;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.osgi.framework.BundleContext;

/**
 * Boots the distribution the reactor just built, on free ports, with two JAAS users
 * (alice: admin + ssh, tom: teacher, vera: no toolbox role), and offers HTTP and shell helpers.
 */
public abstract class ToolboxTestSupport {

    static final String ALICE_PASSWORD = "alice-itest-pass";
    static final String TOM_PASSWORD = "tom-itest-pass";
    static final String VERA_PASSWORD = "vera-itest-pass";
    static final String SAM_PASSWORD = "sam-itest-pass";

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    protected final HttpClient http = newHttpClient();

    protected static final ObjectMapper JSON = new ObjectMapper();

    @Configuration
    public Option[] config() {
        String karafVersion = System.getProperty("karaf.version");
        File unpack = new File(System.getProperty("project.build.directory", "target"), "exam");
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(new File(System.getProperty("toolbox.distribution")).toURI().toString())
                    .name("Toolbox Coordinator")
                    .karafVersion(karafVersion)
                    .unpackDirectory(unpack)
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
            editConfigurationFilePut("etc/users.properties", "alice", ALICE_PASSWORD + ",admin,ssh"),
            editConfigurationFilePut("etc/users.properties", "tom", TOM_PASSWORD + ",teacher"),
            editConfigurationFilePut("etc/users.properties", "vera", VERA_PASSWORD + ",ssh"),
            // a student: the viewer role only
            editConfigurationFilePut("etc/users.properties", "sam", SAM_PASSWORD + ",viewer"),
            systemProperty("toolbox.fixture").value(System.getProperty("toolbox.fixture")),
            bundle(new File(System.getProperty("toolbox.hamcrest")).toURI().toString()),
            bundle(new File(System.getProperty("toolbox.awaitility")).toURI().toString()),
            // loopback Canvas and Schoology, run in the container beside the probe
            bundle(new File(System.getProperty("toolbox.lmsfakes")).toURI().toString()),
            // what bin/karaf adds on JDK 9+
            new VMOption("--add-reads=java.xml=java.logging"),
            new VMOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
            new VMOption("--patch-module"),
            new VMOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"),
            new VMOption("--patch-module"),
            new VMOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"),
            new VMOption("--add-opens"), new VMOption("java.base/java.security=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.base/java.net=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.base/java.lang=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.base/java.util=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
            new VMOption("--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED"),
            new VMOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
            new VMOption("-classpath"),
            new VMOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"),
            new VMOption("-Xmx512m"),
        };
    }

    /** The client every helper uses; a test class serving HTTPS gives one that trusts its certificate. */
    protected HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port nothing listens on, below the kernel's ephemeral range (32768 and up), so an outgoing
     * connection of any process cannot take it between this check and Karaf's bind (seen: "Failed
     * to bind to /127.0.0.1:33479"), and never the same one twice in this JVM. Pax Exam's own RMI
     * ports (21000-21099) are left alone.
     */
    static synchronized String freePort() {
        java.util.Random random = new java.util.Random();
        for (int tries = 0; tries < 1000; tries++) {
            int port = 22000 + random.nextInt(10000);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                HANDED_OUT.add(port);
                return Integer.toString(port);
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("no free port in 22000-31999");
    }

    // ---- in-container helpers ----

    /** An address of this machine that is not loopback (IPv4 first), or null. */
    protected static InetAddress nonLoopbackAddress() throws SocketException {
        List<InetAddress> found = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        found.add(address);
                    }
                }
            }
        }
        found.sort(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1));
        return found.isEmpty() ? null : found.get(0);
    }

    /** Asserts that nothing accepts TCP connections on the address and port. */
    protected static void assertRefused(InetAddress address, int port) {
        org.junit.Assert.assertThrows("nothing may listen on " + address + ":" + port, ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 5_000);
            }
        });
    }

    /** Pax Exam starts the tests once the probe is in; the boot may still be going on. */
    @Before
    public void awaitStarted() throws Exception {
        try {
            Awaitility.await("the node is ready and the initial token exists")
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> Files.exists(karafBase().resolve("data/toolbox/initial-admin-token"))
                            && get("/api/v1/health/ready", null).statusCode() == 200
                            && get("/api/v1/me", bearer(adminToken())).statusCode() == 200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // say what the node still waits for (as an administrator sees it), not only that it waited
            String token = Files.exists(karafBase().resolve("data/toolbox/initial-admin-token")) ? bearer(adminToken()) : null;
            throw new AssertionError("not ready: " + get("/api/v1/health/ready", token).body() + " health: "
                    + get("/api/v1/health", token).body(), e);
        }
    }

    protected Path karafBase() {
        return Paths.get(System.getProperty("karaf.base"));
    }

    protected String base() throws IOException {
        return "http://127.0.0.1:" + configValue("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port");
    }

    /** The value of {@code key = value} in a file of the running distribution, or null. */
    protected String configValue(String file, String key) throws IOException {
        String value = null;
        for (String line : Files.readAllLines(karafBase().resolve(file))) {
            String[] pair = line.split("=", 2);
            if (pair.length == 2 && pair[0].trim().equals(key)) {
                value = pair[1].trim();
            }
        }
        return value;
    }

    /** A response body parsed as JSON. */
    protected static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    protected String adminToken() throws IOException {
        return Files.readString(karafBase().resolve("data/toolbox/initial-admin-token")).trim();
    }

    protected HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(15)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a JSON body with the given credentials. */
    protected HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    protected HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        return http.send(builder.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected URI uri(String path) throws IOException {
        return URI.create(base() + path);
    }

    /** Parses a JSON body, for assertions on values rather than on text. */
    protected static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** One contributor of a health report, or a missing node. */
    protected static JsonNode contributor(String healthBody, String name) {
        for (JsonNode c : json(healthBody).path("contributors")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * Asserts that a health report (as an administrator sees it) names that database product for
     * the store (it does once the store has started): H2 as shipped, PostgreSQL where a test class
     * configured it.
     */
    static void assertStoreRunsOn(String product, String healthBody) {
        JsonNode store = contributor(healthBody, "store");
        org.junit.Assert.assertEquals(store.toString(), product, store.path("details").path("database").asText());
    }

    /** Asserts that this distribution's store runs on that database product. */
    protected void assertStoreRunsOn(String product) throws Exception {
        assertStoreRunsOn(product, get("/api/v1/health", bearer(adminToken())).body());
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    protected static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs a shell command as an admin, returns its output; the command's exception propagates. */
    protected String executeCommand(String command) throws Exception {
        return executeCommands(command);
    }

    /**
     * Runs shell commands one after the other in one session (as a console user types them, so
     * session state such as {@code jaas:realm-manage} carries over); the first failure propagates.
     */
    protected String executeCommands(String... commands) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("itest"));
        subject.getPrincipals().add(new RolePrincipal("admin"));
        subject.getPrincipals().add(new RolePrincipal("manager"));
        subject.getPrincipals().add(new RolePrincipal("viewer"));
        try (Session session = sessionFactory.create(System.in, print, print)) {
            Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> {
                for (String command : commands) {
                    session.execute(command);
                }
                return null;
            });
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        } finally {
            print.flush();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Requests to routes the integration under test does not own, at a steady pace, until closed. */
    protected final class Load implements AutoCloseable {
        private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(3);
        private final AtomicInteger sent = new AtomicInteger();
        private final Map<String, String> failures = new ConcurrentHashMap<>();

        Load(String admin) {
            for (String path : new String[] {"/api/v1/health", "/api/v1/me", "/api/v1/workflows?limit=5"}) {
                pool.scheduleWithFixedDelay(() -> {
                    sent.incrementAndGet();
                    try {
                        HttpResponse<String> r = get(path, admin);
                        if (r.statusCode() != 200) {
                            failures.put(path + "#" + sent.get(), r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        failures.put(path + "#" + sent.get(), e.toString());
                    }
                }, 0, 25, TimeUnit.MILLISECONDS);
            }
        }

        void assertNoFailures() {
            assertTrue("requests sent: " + sent.get(), sent.get() >= 100);
            assertTrue("failures outside the integration's routes: " + failures, failures.isEmpty());
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }
}
