package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

import org.h2.jdbcx.JdbcDataSource;
import org.toolboxai.store.internal.SchemaMigrator;

/**
 * Writers racing on one document, under each strategy: each reads the current version, changes it
 * (a member of its own, and sometimes a member every writer changes) and writes it back based on
 * what it read. Whatever the interleaving: every accepted write is in the history with exactly the
 * content it was accepted with, the versions are 1..n without a gap or a repeat, and a write that
 * was refused, dropped or in conflict changed nothing (the versions are the accepted writes).
 */
class ConcurrentWritesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 40)
    void noAcceptedWriteIsLostAndNoRefusedOneChangesAnything(
            @ForAll("strategies") String strategy,
            @ForAll @IntRange(min = 2, max = 6) int writers,
            @ForAll @IntRange(min = 1, max = 4) int writesEach,
            @ForAll @IntRange(min = 0, max = 100) int sharedPercent,
            @ForAll @StringLength(min = 1, max = 8) String seed) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:race-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        SchemaMigrator.migrate(h2, "sync", Documents.class.getClassLoader(), "db/sync");
        Documents documents = new Documents(h2, Clock.systemUTC(), name -> Optional.empty());
        documents.write("doc", JSON.readTree("{\"shared\": 0}"), 0L, "tom", "put",
                new Documents.Settings(strategy, Set.of("*"), Set.of("*"), 10_000));

        List<Documents.Outcome> outcomes = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                start.await();
                for (int n = 0; n < writesEach; n++) {
                    Documents.Doc doc = documents.doc("doc").orElseThrow();
                    JsonNode read = documents.version("doc", doc.version()).orElseThrow().content();
                    ObjectNode changed = read.deepCopy();
                    changed.put("w" + writer, seed + n);
                    if ((writer * 31 + n * 17) % 100 < sharedPercent) {
                        changed.put("shared", writer * 100 + n);
                    }
                    outcomes.add(documents.write("doc", changed, doc.version(), "w" + writer, "put", null));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<Documents.Version> accepted = outcomes.stream().filter(o -> o instanceof Documents.Written)
                .map(o -> ((Documents.Written) o).version()).toList();
        List<Long> versions = new ArrayList<>();
        try (Connection c = h2.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT version, content FROM sync_version WHERE name = 'doc' ORDER BY version");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                versions.add(rs.getLong(1));
                long version = rs.getLong(1);
                JsonNode stored = JSON.readTree(rs.getString(2));
                accepted.stream().filter(v -> v.version() == version)
                        .forEach(v -> assertThat(stored).as("version %d as accepted", version).isEqualTo(v.content()));
            }
        }
        // 1..n, no gap, no repeat; the accepted writes and the first version, nothing else
        assertThat(versions).hasSize(accepted.size() + 1);
        for (int i = 0; i < versions.size(); i++) {
            assertThat(versions.get(i)).isEqualTo(i + 1L);
        }
        assertThat(accepted).extracting(Documents.Version::version).doesNotHaveDuplicates();
        assertThat(documents.doc("doc").orElseThrow().version()).isEqualTo(versions.size());
        assertThat(outcomes).hasSize(writers * writesEach);
        if (strategy.equals(Documents.LAST_WRITER_WINS)) {
            assertThat(accepted).as("last writer wins accepts every write").hasSize(writers * writesEach);
        }
        if (strategy.equals(Documents.MERGE) && sharedPercent == 0) {
            // disjoint members merge: nothing conflicts, every writer's last value is in the end
            assertThat(accepted).hasSize(writers * writesEach);
            JsonNode last = documents.version("doc", versions.size()).orElseThrow().content();
            for (int w = 0; w < writers; w++) {
                assertThat(last.path("w" + w).asText()).isEqualTo(seed + (writesEach - 1));
            }
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> strategies() {
        return net.jqwik.api.Arbitraries.of(Documents.REJECT, Documents.LAST_WRITER_WINS, Documents.VERSION_WINS, Documents.MERGE);
    }
}
