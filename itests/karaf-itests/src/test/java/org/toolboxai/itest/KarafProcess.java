package org.toolboxai.itest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * The distribution run as an administrator runs it: unpacked from the reactor's tarball into a
 * fresh folder, on free ports, started with {@code bin/karaf server} as a separate process, so a
 * test can kill its JVM with SIGKILL and start it again.
 */
final class KarafProcess implements AutoCloseable {

    final Path home;
    final int httpPort;
    private Process launcher;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    KarafProcess(Path parent) throws Exception {
        Files.createDirectories(parent);
        Path unpack = Files.createTempDirectory(parent, "karaf-");
        run(List.of("tar", "xzf", System.getProperty("toolbox.distribution"), "-C", unpack.toString()));
        try (var children = Files.list(unpack)) {
            home = children.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        httpPort = Integer.parseInt(ToolboxTestSupport.freePort());
        set("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(httpPort));
        set("etc/org.apache.karaf.shell.cfg", "sshPort", ToolboxTestSupport.freePort());
        set("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", ToolboxTestSupport.freePort());
        set("etc/org.apache.karaf.management.cfg", "rmiServerPort", ToolboxTestSupport.freePort());
    }

    /** Replaces (or adds) one {@code key = value} line of a configuration file. */
    void set(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> out = new ArrayList<>();
        boolean found = false;
        for (String line : Files.readAllLines(path)) {
            if (line.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*")) {
                out.add(key + " = " + value);
                found = true;
            } else {
                out.add(line);
            }
        }
        if (!found) {
            out.add(key + " = " + value);
        }
        Files.write(path, out);
    }

    /** Puts the store on that database instead of the shipped embedded H2. */
    void storeOn(PostgresDatabase database) throws IOException {
        for (var setting : database.datasourceSettings().entrySet()) {
            set(PostgresDatabase.DATASOURCE_CONFIG, setting.getKey(), setting.getValue());
        }
    }

    void start() throws IOException {
        launch();
        awaitHealthy();
        Awaitility.await("the initial admin token is written").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(tokenFile()));
    }

    /** Waits for the health report. */
    void awaitHealthy() {
        awaitStatus("/api/v1/health");
    }

    /** Waits for readiness: both boot stages, every route (a node sharing its database may have no token file of its own). */
    void awaitReady() {
        awaitStatus("/api/v1/health/ready");
    }

    private void awaitStatus(String path) {
        awaitStatus(path, Duration.ofMillis(200));
    }

    /**
     * Polls {@code path} until it answers 200; on time-out fails with what the last poll saw, an
     * answer read over a plain socket (no HTTP client library), the end of the log and a thread dump.
     */
    void awaitStatus(String path, Duration pollInterval) {
        java.util.concurrent.atomic.AtomicReference<String> lastSeen = new java.util.concurrent.atomic.AtomicReference<>("nothing yet");
        try {
            Awaitility.await("the distribution answers " + path).atMost(Duration.ofSeconds(120))
                    .pollInterval(pollInterval)
                    .until(() -> {
                        try {
                            HttpResponse<String> answer = get(path, null);
                            lastSeen.set(answer.statusCode() + " " + answer.body());
                            return answer.statusCode() == 200;
                        } catch (Exception e) {
                            lastSeen.set(e.toString());
                            return false;
                        }
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nthe last poll saw: " + lastSeen.get() + "\n" + diagnostics(path), e);
        }
    }

    /** The WebSocket endpoint of this node. */
    java.net.URI ws() {
        return java.net.URI.create("ws://127.0.0.1:" + httpPort + "/ws");
    }

    /** One GET over a plain socket (HTTP/1.0): the first 2,000 bytes of the answer, or why there is none. */
    String rawGet(String path) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", httpPort), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(2000), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * What the distribution did when it did not answer: the last answer, the end of its log, and
     * a thread dump of its JVM (also kept as {@code thread-dump.txt} in its folder).
     */
    private String diagnostics(String path) {
        StringBuilder out = new StringBuilder();
        try {
            HttpResponse<String> last = get(path, null);
            out.append("last answer: ").append(last.statusCode()).append(' ').append(last.body()).append('\n');
        } catch (Exception e) {
            out.append("last answer: ").append(e).append('\n');
        }
        out.append("over a plain socket: ").append(rawGet(path)).append('\n');
        String dumped = threadDump();
        // the threads that set up the web server first: a report may show only its beginning
        out.append("web start-up threads:\n").append(startupThreads(dumped)).append('\n');
        try {
            List<String> log = logLines();
            List<String> web = log.stream().filter(l -> l.contains("pax-web") || l.contains("Whiteboard"))
                    .map(l -> l.length() > 260 ? l.substring(0, 260) : l).toList();
            out.append("karaf.log, pax-web lines:\n").append(String.join("\n", web.subList(Math.max(0, web.size() - 25), web.size()))).append('\n');
            out.append("karaf.log, last lines:\n").append(String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size())));
        } catch (IOException e) {
            out.append("no karaf.log: ").append(e);
        }
        out.append("\nthread dump:\n").append(dumped);
        return out.toString();
    }

    /**
     * The stacks (first 14 frames) of the threads that register web contexts, servlets and
     * components at start-up, and of every BLOCKED thread.
     */
    static String startupThreads(String dump) {
        StringBuilder out = new StringBuilder();
        for (String thread : dump.split("\n\n")) {
            String head = thread.lines().findFirst().orElse("");
            boolean wanted = head.startsWith("\"paxweb") || head.contains("Whiteboard") || head.startsWith("\"toolbox")
                    || head.startsWith("\"features") || head.startsWith("\"FelixStartLevel") || head.startsWith("\"CM ")
                    || head.startsWith("\"SCR") || head.startsWith("\"activator") || thread.contains("BLOCKED");
            if (wanted) {
                thread.lines().limit(16).forEach(l -> out.append(l).append('\n'));
            }
        }
        return out.toString();
    }

    /** A thread dump of the distribution's JVM by jcmd, also kept as {@code thread-dump.txt}. */
    private String threadDump() {
        StringBuilder out = new StringBuilder();
        // bin/karaf may exec the JVM (then the launcher is the JVM) or start it as a child
        java.util.stream.Stream.concat(java.util.stream.Stream.of(launcher.toHandle()), launcher.descendants())
                .filter(p -> p.info().command().orElse("").endsWith("java")).findFirst().ifPresent(jvm -> {
            Path dump = home.resolve("thread-dump.txt");
            try {
                Process jcmd = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(jvm.pid()), "Thread.print").redirectErrorStream(true).redirectOutput(dump.toFile()).start();
                jcmd.waitFor(30, TimeUnit.SECONDS);
                out.append(dump).append('\n').append(Files.readString(dump));
            } catch (IOException e) {
                out.append("no thread dump: ").append(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return out.toString();
    }

    /** Starts {@code bin/karaf server} and returns at once. */
    void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.redirectErrorStream(true);
        builder.redirectOutput(home.resolve("console.log").toFile());
        launcher = builder.start();
    }

    /** The lines of {@code data/log/karaf.log} (empty before the log exists). */
    List<String> logLines() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** SIGKILL to the Karaf JVM: no shutdown hook, no flush, nothing. */
    void kill() throws InterruptedException {
        Optional<ProcessHandle> jvm = launcher.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst();
        ProcessHandle target = jvm.orElse(launcher.toHandle());
        target.destroyForcibly();
        target.onExit().join();
        launcher.descendants().forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
        launcher.waitFor(30, TimeUnit.SECONDS);
    }

    /** A clean stop, so the store can be opened from the test. */
    void stop() throws Exception {
        if (launcher == null || !launcher.isAlive()) {
            return;
        }
        run(List.of(home.resolve("bin/stop").toString()));
        if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
        launcher.descendants().forEach(p -> p.onExit().join());
    }

    Path tokenFile() {
        return home.resolve("data/toolbox/initial-admin-token");
    }

    String adminToken() throws IOException {
        return Files.readString(tokenFile()).trim();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(15)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String json) throws Exception {
        return post(path, token, json, Duration.ofSeconds(15));
    }

    /** A POST that may take longer than the usual 15 s, such as {@code /api/v1/content?wait=N}. */
    HttpResponse<String> post(String path, String token, String json, Duration timeout) throws Exception {
        return send("POST", path, token, json, timeout);
    }

    HttpResponse<String> put(String path, String token, String json) throws Exception {
        return send("PUT", path, token, json, Duration.ofSeconds(15));
    }

    private HttpResponse<String> send(String method, String path, String token, String json, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(timeout).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        if (launcher != null) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            launcher.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command + " failed");
        }
    }

    static Path path(String property) {
        return Paths.get(System.getProperty(property));
    }
}
