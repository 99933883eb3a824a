package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.sync.ConflictResolver;
import org.toolboxai.store.internal.SchemaMigrator;

/**
 * Shared documents on a real database: versions and their checksums, each strategy's answer to a
 * stale write, the bounded history and rollback. Counts are read with the test's own SQL.
 */
class DocumentsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    DataSource dataSource;
    Documents documents;

    DataSource newDataSource() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:sync-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        return h2;
    }

    @BeforeEach
    void store() throws Exception {
        dataSource = newDataSource();
        SchemaMigrator.migrate(dataSource, "sync", Documents.class.getClassLoader(), "db/sync");
        documents = new Documents(dataSource, Clock.systemUTC(), name -> name.equals("longest-list") ? Optional.of(LONGEST) : Optional.empty());
    }

    /** A resolver that keeps whichever side's "items" list is longer. */
    static final ConflictResolver LONGEST = new ConflictResolver() {
        @Override
        public String name() {
            return "longest-list";
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object resolve(Object base, Object ours, Object theirs) {
            List<Object> a = (List<Object>) ((Map<String, Object>) ours).get("items");
            List<Object> b = (List<Object>) ((Map<String, Object>) theirs).get("items");
            return a.size() >= b.size() ? ours : theirs;
        }
    };

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    long sql(String query) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Documents.Version create(String name, String strategy, String content) throws Exception {
        Documents.Outcome made = documents.write(name, json(content), 0L, "tom", "put",
                new Documents.Settings(strategy, Set.of("*"), Set.of(), 100));
        assertThat(made).isInstanceOf(Documents.Written.class);
        return ((Documents.Written) made).version();
    }

    @Test
    void versionsCountUpWithAuthorAndTheChecksumOfTheCanonicalJson() throws Exception {
        Documents.Version first = create("class-7a", Documents.REJECT, "{\"title\": \"Fractions\", \"unit\": 1}");
        Documents.Outcome second = documents.write("class-7a", json("{\"unit\": 2, \"title\": \"Fractions\"}"), 1L, "tom", "put", null);

        assertThat(first.version()).isEqualTo(1);
        assertThat(second).isInstanceOfSatisfying(Documents.Written.class, w -> {
            assertThat(w.version().version()).isEqualTo(2);
            assertThat(w.created()).isFalse();
        });
        assertThat(documents.doc("class-7a")).hasValueSatisfying(d -> {
            assertThat(d.owner()).isEqualTo("tom");
            assertThat(d.version()).isEqualTo(2);
        });
        // the same members in another order: the same checksum
        Documents.Outcome reordered = documents.write("class-7a", json("{\"title\": \"Fractions\", \"unit\": 2}"), 2L, "tom", "put", null);
        assertThat(((Documents.Written) reordered).version().checksum()).isEqualTo(((Documents.Written) second).version().checksum())
                .isNotEqualTo(first.checksum()).hasSize(64);
        assertThat(sql("SELECT COUNT(*) FROM sync_version WHERE name = 'class-7a'")).isEqualTo(3);
    }

    @Test
    void aStaleWriteIsRefusedUnderRejectAndChangesNothing() throws Exception {
        create("doc", Documents.REJECT, "{\"a\": 1}");
        documents.write("doc", json("{\"a\": 2}"), 1L, "tom", "put", null);

        Documents.Outcome stale = documents.write("doc", json("{\"a\": 3}"), 1L, "ann", "put", null);

        assertThat(stale).isInstanceOfSatisfying(Documents.Rejected.class, r -> {
            assertThat(r.current().version()).isEqualTo(2);
            assertThat(r.reason()).contains("based on version 1").contains("current one is 2");
        });
        assertThat(sql("SELECT COUNT(*) FROM sync_version WHERE name = 'doc'")).isEqualTo(2);
        assertThat(documents.version("doc", 2).orElseThrow().content()).isEqualTo(json("{\"a\": 2}"));
    }

    @Test
    void lastWriterWinsWritesAStaleWriteAndVersionWinsDropsIt() throws Exception {
        create("lww", Documents.LAST_WRITER_WINS, "{\"a\": 1}");
        documents.write("lww", json("{\"a\": 2}"), 1L, "tom", "put", null);
        assertThat(documents.write("lww", json("{\"a\": 3}"), 1L, "ann", "put", null))
                .isInstanceOfSatisfying(Documents.Written.class, w -> assertThat(w.version().version()).isEqualTo(3));

        create("vw", Documents.VERSION_WINS, "{\"a\": 1}");
        documents.write("vw", json("{\"a\": 2}"), 1L, "tom", "put", null);
        assertThat(documents.write("vw", json("{\"a\": 3}"), 1L, "ann", "put", null))
                .isInstanceOfSatisfying(Documents.Kept.class, k -> assertThat(k.current().content()).isEqualTo(json("{\"a\": 2}")));
        assertThat(sql("SELECT MAX(version) FROM sync_version WHERE name = 'vw'")).isEqualTo(2);
    }

    @Test
    void mergeCombinesNonOverlappingChangesAndReportsOverlappingOnesWithBothSides() throws Exception {
        create("plan", Documents.MERGE, "{\"title\": \"Ratios\", \"minutes\": 30, \"notes\": {\"a\": 1, \"b\": 1}}");
        documents.write("plan", json("{\"title\": \"Ratios and rates\", \"minutes\": 30, \"notes\": {\"a\": 2, \"b\": 1}}"), 1L,
                "tom", "put", null);

        Documents.Outcome merged = documents.write("plan",
                json("{\"title\": \"Ratios\", \"minutes\": 45, \"notes\": {\"a\": 1, \"b\": 5}}"), 1L, "ann", "put", null);
        assertThat(merged).isInstanceOfSatisfying(Documents.Written.class, w -> {
            assertThat(w.version().version()).isEqualTo(3);
            assertThat(w.version().kind()).isEqualTo("merge");
            assertThat(w.version().content()).isEqualTo(json(
                    "{\"title\": \"Ratios and rates\", \"minutes\": 45, \"notes\": {\"a\": 2, \"b\": 5}}"));
        });

        Documents.Outcome overlap = documents.write("plan",
                json("{\"title\": \"Proportions\", \"minutes\": 30, \"notes\": {\"a\": 1, \"b\": 1}}"), 1L, "ann", "put", null);
        assertThat(overlap).isInstanceOfSatisfying(Documents.Conflicted.class, c -> {
            assertThat(c.conflicts()).singleElement().satisfies(x -> assertThat(x.path()).isEqualTo("/title"));
            assertThat(c.current().version()).isEqualTo(3);
        });
        assertThat(sql("SELECT COUNT(*) FROM sync_version WHERE name = 'plan'")).isEqualTo(3);
    }

    @Test
    void aResolverServiceDecidesAndAMissingOneRefusesTheWrite() throws Exception {
        create("list", "resolver:longest-list", "{\"items\": [1]}");
        documents.write("list", json("{\"items\": [1, 2]}"), 1L, "tom", "put", null);
        assertThat(documents.write("list", json("{\"items\": [1, 2, 3]}"), 1L, "ann", "put", null))
                .isInstanceOfSatisfying(Documents.Written.class, w -> {
                    assertThat(w.version().kind()).isEqualTo("resolved");
                    assertThat(w.version().content()).isEqualTo(json("{\"items\": [1, 2, 3]}"));
                });

        create("other", "resolver:absent", "{\"items\": [1]}");
        documents.write("other", json("{\"items\": [2]}"), 1L, "tom", "put", null);
        assertThat(documents.write("other", json("{\"items\": [3]}"), 1L, "ann", "put", null))
                .isInstanceOfSatisfying(Documents.Conflicted.class, c -> assertThat(c.reason()).contains("no conflict resolver named absent"));
    }

    @Test
    void theHistoryKeepsTheNewestVersionsAndARollbackIsANewVersion() throws Exception {
        documents.write("short", json("{\"n\": 1}"), 0L, "tom", "put", new Documents.Settings(Documents.REJECT, Set.of("*"), Set.of(), 3));
        for (int n = 2; n <= 5; n++) {
            documents.write("short", json("{\"n\": " + n + "}"), (long) n - 1, "tom", "put", null);
        }

        assertThat(documents.history("short", 10)).extracting(Documents.Version::version).containsExactly(5L, 4L, 3L);
        Documents.Outcome back = documents.rollback("short", 4, "ann");
        assertThat(back).isInstanceOfSatisfying(Documents.Written.class, w -> {
            assertThat(w.version().version()).isEqualTo(6);
            assertThat(w.version().kind()).isEqualTo("rollback");
            assertThat(w.version().content()).isEqualTo(json("{\"n\": 4}"));
        });
        assertThat(documents.history("short", 10)).extracting(Documents.Version::version).containsExactly(6L, 5L, 4L);
        assertThatThrownBy(() -> documents.rollback("short", 2, "ann")).hasMessageContaining("not in its history");
        // a stale merge whose base was compacted away cannot be merged: refused with the reason
        documents.configure("short", new Documents.Settings(Documents.MERGE, Set.of("*"), Set.of(), 3));
        assertThat(documents.write("short", json("{\"n\": 9}"), 3L, "ann", "put", null))
                .isInstanceOfSatisfying(Documents.Rejected.class, r -> assertThat(r.reason()).contains("no longer in the history"));
    }

    @Test
    void twoCreatorsAtOnceMakeOneDocumentAndTheSecondIsStale() throws Exception {
        create("race", Documents.REJECT, "{\"by\": \"tom\"}");

        Documents.Outcome second = documents.write("race", json("{\"by\": \"ann\"}"), 0L, "ann", "put", Documents.Settings.DEFAULT);

        assertThat(second).isInstanceOf(Documents.Rejected.class);
        assertThat(documents.doc("race").orElseThrow().owner()).isEqualTo("tom");
    }
}
