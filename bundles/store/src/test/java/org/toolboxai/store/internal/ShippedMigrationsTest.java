package org.toolboxai.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.testing.postgres.EmbeddedPostgres;

/**
 * Every migration the project ships (the workflow, content, web and example bundles' own schemas)
 * applies on the embedded H2 default and on a real PostgreSQL 17, twice without change, and
 * leaves the tables its bundle uses.
 */
class ShippedMigrationsTest {

    /** Schema, folder of its scripts (from this module), tables it must leave. */
    private static final Map<String, List<String>> TABLES = Map.of(
            "workflow", List.of("workflow_run", "workflow_step", "workflow_step_stats"),
            "content", List.of("content_version"),
            "web", List.of("api_token", "api_token_once"),
            "flashcards", List.of("flashcard_deck", "flashcard"));
    private static final Map<String, Path> FOLDERS = Map.of(
            "workflow", Path.of("../coordinator.workflow/src/main/resources/db/workflow"),
            "content", Path.of("../coordinator.content/src/main/resources/db/content"),
            "web", Path.of("../web/src/main/resources/db/web"),
            "flashcards", Path.of("../../examples/flashcards/src/main/resources/db/flashcards"));

    @TempDir
    Path dir;

    private static List<SchemaMigrator.Script> scripts(String schema) throws IOException {
        List<SchemaMigrator.Script> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(FOLDERS.get(schema))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                scripts.add(new SchemaMigrator.Script(f.getFileName().toString(), Files.readString(f)));
            }
        }
        assertThat(scripts).as(schema).isNotEmpty();
        return scripts;
    }

    private static boolean table(DataSource ds, String name) throws Exception {
        try (Connection c = ds.getConnection()) {
            for (String candidate : List.of(name, name.toUpperCase(Locale.ROOT))) {
                try (ResultSet rs = c.getMetaData().getTables(null, null, candidate, null)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void migratesTwiceAndLeavesItsTables(DataSource ds) throws Exception {
        for (String schema : TABLES.keySet()) {
            List<SchemaMigrator.Script> scripts = scripts(schema);
            String version = SchemaMigrator.migrate(ds, schema, scripts);
            assertThat(SchemaMigrator.migrate(ds, schema, scripts)).as(schema).isEqualTo(version);
            assertThat(version).as(schema).isEqualTo(Integer.toString(scripts.size()));
            for (String t : TABLES.get(schema)) {
                assertThat(table(ds, t)).as(schema + " leaves " + t).isTrue();
            }
        }
    }

    @Test
    void onH2() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0");
        migratesTwiceAndLeavesItsTables(h2);
    }

    @Test
    void onPostgres() throws Exception {
        migratesTwiceAndLeavesItsTables(EmbeddedPostgres.sharedDatabase());
    }
}
