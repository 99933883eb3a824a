package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.security.ApiToken;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.IssuedToken;
import org.toolboxai.api.security.Role;

/**
 * Several nodes on one database, each a token service with a data directory of its own: what one
 * node issues or revokes counts on the others at their next request, and the first admin token
 * is issued once per database. On embedded H2 here, on PostgreSQL in the subclass.
 */
class TokensAcrossNodesTest {

    private static final Instant T = JdbcApiTokenServiceTest.NOW;
    /** A generous bound: it fails on a lookup that scans, not on a busy machine. */
    private static final double LOOKUP_BUDGET_MICROS = 5_000;

    @TempDir
    Path root;

    private final TestStore store = newStore();
    private ExecutorService pool;

    /** The shared database: embedded H2 here, PostgreSQL in the subclass. */
    TestStore newStore() {
        return TestStore.onH2();
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** A node: the service as it would run there, with a data directory of its own. */
    private JdbcApiTokenService node(TestStore on, Path directory, Clock clock) {
        return new JdbcApiTokenService(on, directory, clock);
    }

    private JdbcApiTokenService node(String name) {
        return node(store, root.resolve(name), JdbcApiTokenServiceTest.CLOCK);
    }

    private static long count(TestStore on, String sql) throws SQLException {
        try (Connection c = on.dataSource().getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aTokenIssuedOnOneNodeAuthenticatesOnAnother() {
        IssuedToken issued = node("a").issue("ci-bot", Role.TEACHER);

        assertThat(node("b").list()).containsExactly(issued.token());
        assertThat(node("b").authenticate(issued.secret())).contains(new Caller("ci-bot", Role.TEACHER, "token"));
    }

    @Test
    void aTokenRevokedOnOneNodeIsRefusedByTheOthersAtTheirNextRequest() {
        JdbcApiTokenService a = node("a");
        JdbcApiTokenService b = node("b");
        IssuedToken issued = a.issue("ci-bot", Role.ADMIN);
        // b has served the token before: whatever it kept must not outlive the revocation
        assertThat(b.authenticate(issued.secret())).isPresent();
        assertThat(b.authenticate(issued.secret())).isPresent();

        assertThat(a.revoke("ci-bot")).isTrue();

        assertThat(b.authenticate(issued.secret())).isEmpty();
        assertThat(b.list()).isEmpty();
    }

    @Test
    void twoNodesStartingTogetherIssueExactlyOneInitialToken() throws Exception {
        pool = Executors.newFixedThreadPool(2);
        for (int round = 0; round < 8; round++) {
            TestStore database = round == 0 ? store : newStore();
            JdbcApiTokenService a = node(database, root.resolve(round + "/a"), JdbcApiTokenServiceTest.CLOCK);
            JdbcApiTokenService b = node(database, root.resolve(round + "/b"), JdbcApiTokenServiceTest.CLOCK);
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<?>> starts = new ArrayList<>();
            for (JdbcApiTokenService node : List.of(a, b)) {
                starts.add(pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    node.firstStart();
                    return null;
                }));
            }
            for (Future<?> start : starts) {
                start.get(30, TimeUnit.SECONDS);
            }

            List<Path> files = new ArrayList<>(Arrays.asList(a.initialToken().file(), b.initialToken().file()));
            files.removeIf(file -> !Files.exists(file));
            assertThat(files).as("round %d: initial token files", round).hasSize(1);
            assertThat(count(database, "SELECT COUNT(*) FROM api_token")).as("round %d: tokens", round).isEqualTo(1);
            assertThat(count(database, "SELECT COUNT(*) FROM api_token_once")).isEqualTo(1);
            String secret = Files.readString(files.get(0), StandardCharsets.UTF_8).trim();
            assertThat(a.authenticate(secret)).contains(new Caller("initial-admin", Role.ADMIN, "token"));
            assertThat(b.authenticate(secret)).contains(new Caller("initial-admin", Role.ADMIN, "token"));
        }
    }

    @Test
    void aNodeStartingAfterTheFirstIssuesNothingAndWritesNoFile() {
        JdbcApiTokenService first = node("a");
        first.firstStart();

        JdbcApiTokenService later = node("b");
        later.firstStart();

        assertThat(first.initialToken().file()).exists();
        assertThat(later.initialToken().file()).doesNotExist();
        assertThat(later.list()).extracting(ApiToken::name).containsExactly("initial-admin");
    }

    @Test
    void theInitialTokenRevokedOnAnotherNodeTakesThisNodesFileAtItsNextStart() {
        JdbcApiTokenService a = node("a");
        a.firstStart();
        assertThat(node("b").revoke(InitialAdminToken.NAME)).isTrue();
        assertThat(a.initialToken().file()).as("b cannot reach a's file").exists();

        JdbcApiTokenService restarted = node("a");
        restarted.firstStart();

        assertThat(restarted.initialToken().file()).doesNotExist();
        assertThat(restarted.list()).isEmpty();
    }

    @Test
    void lastUseIsWrittenAtMostOnceASecondWhicheverNodeServes() {
        MutableClock clockA = new MutableClock(T);
        MutableClock clockB = new MutableClock(T);
        JdbcApiTokenService a = node(store, root.resolve("a"), clockA);
        JdbcApiTokenService b = node(store, root.resolve("b"), clockB);
        IssuedToken issued = a.issue("ci-bot", Role.VIEWER);

        a.authenticate(issued.secret());
        clockA.set(T.plusMillis(999));
        clockB.set(T.plusMillis(999));
        a.authenticate(issued.secret());
        b.authenticate(issued.secret());
        assertThat(lastUse(a)).isEqualTo(T);

        clockB.set(T.plusMillis(1000));
        b.authenticate(issued.secret());
        assertThat(lastUse(a)).isEqualTo(T.plusMillis(1000));

        // a node whose clock is behind does not move it back
        clockA.set(T.plusMillis(400));
        a.authenticate(issued.secret());
        assertThat(lastUse(b)).isEqualTo(T.plusMillis(1000));
    }

    private static Instant lastUse(JdbcApiTokenService node) {
        return node.list().get(0).lastUsedAt();
    }

    @Test
    void aLookupByPrimaryKeyPerRequestIsCheap() throws SQLException {
        JdbcApiTokenService a = node("a");
        IssuedToken issued = a.issue("ci-bot", Role.VIEWER);
        String hash = TokenSecrets.sha256(issued.secret());

        // the lookup alone on a connection kept open, as a node's pool hands it out
        double lookup;
        try (Connection c = store.dataSource().getConnection(); var ps = c.prepareStatement(
                "SELECT sha256, id, name, role, created_at, last_used_at FROM api_token WHERE sha256 = ?")) {
            ps.setString(1, hash);
            lookup = measure("the primary-key SELECT on one open connection", () -> {
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            });
        }
        assertThat(lookup).as("mean lookup in microseconds").isLessThan(LOOKUP_BUDGET_MICROS);
        if (store.databaseProduct().equals("H2")) {
            // the whole authentication; on PostgreSQL this would time the test's unpooled connections
            double authenticate = measure("authenticate(), a new in-memory connection per call",
                    () -> assertThat(a.authenticate(issued.secret())).isPresent());
            assertThat(authenticate).as("mean authenticate() in microseconds").isLessThan(LOOKUP_BUDGET_MICROS);
        }
    }

    /** Times a step after a warm-up and prints mean, p50 and p99; the mean in microseconds. */
    private double measure(String what, SqlStep step) throws SQLException {
        int rounds = 1_000;
        for (int warmUp = 0; warmUp < 200; warmUp++) {
            step.run();
        }
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            step.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double meanMicros = Arrays.stream(nanos).average().orElseThrow() / 1000;
        System.out.printf("Token lookup on %s, %s: mean %.1f us, p50 %.1f us, p99 %.1f us (%d rounds)%n",
                store.databaseProduct(), what, meanMicros, nanos[rounds / 2] / 1000.0, nanos[rounds * 99 / 100] / 1000.0,
                rounds);
        return meanMicros;
    }

    /** One measured step. */
    interface SqlStep {
        void run() throws SQLException;
    }

    /** A clock a test moves. */
    static final class MutableClock extends Clock {

        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
