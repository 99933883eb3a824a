package org.toolboxai.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorTest {

    @TempDir
    Path dir;

    private JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0");
        return ds;
    }

    private static boolean tableExists(JdbcDataSource ds, String table) throws Exception {
        try (Connection c = ds.getConnection();
                ResultSet rs = c.getMetaData().getTables(null, null,
                        table.startsWith("\"") ? table.replace("\"", "") : table.toUpperCase(), null)) {
            return rs.next();
        }
    }

    @Test
    void scriptsApplyOnceAndANewScriptIsAppliedOnTheNextStart() throws Exception {
        JdbcDataSource ds = h2();
        List<SchemaMigrator.Script> v1 = List.of(new SchemaMigrator.Script("V1__notes.sql",
                "CREATE TABLE note (id INTEGER PRIMARY KEY, text VARCHAR(100));"));

        assertThat(SchemaMigrator.migrate(ds, "notes", v1)).isEqualTo("1");
        assertThat(SchemaMigrator.migrate(ds, "notes", v1)).isEqualTo("1");

        List<SchemaMigrator.Script> v2 = List.of(v1.get(0), new SchemaMigrator.Script("V2__tags.sql",
                "ALTER TABLE note ADD COLUMN tag VARCHAR(20);"));
        assertThat(SchemaMigrator.migrate(ds, "notes", v2)).isEqualTo("2");
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM \"toolbox_schema_notes\" WHERE \"success\" AND \"type\" = 'SQL'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void eachSchemaHasItsOwnHistorySoBundlesMigrateIndependently() throws Exception {
        JdbcDataSource ds = h2();
        SchemaMigrator.migrate(ds, "alpha", List.of(new SchemaMigrator.Script("V1__a.sql", "CREATE TABLE a (x INTEGER);")));
        SchemaMigrator.migrate(ds, "beta", List.of(
                new SchemaMigrator.Script("V1__b.sql", "CREATE TABLE b (x INTEGER);"),
                new SchemaMigrator.Script("V2__b2.sql", "CREATE TABLE b2 (x INTEGER);")));

        assertThat(tableExists(ds, "\"toolbox_schema_alpha\"")).isTrue();
        assertThat(tableExists(ds, "\"toolbox_schema_beta\"")).isTrue();
        assertThat(SchemaMigrator.migrate(ds, "alpha", List.of(
                new SchemaMigrator.Script("V1__a.sql", "CREATE TABLE a (x INTEGER);")))).isEqualTo("1");
        assertThat(tableExists(ds, "b2")).isTrue();
    }

    @Test
    void aSchemaWithoutScriptsIsAtVersionZero() {
        assertThat(SchemaMigrator.migrate(h2(), "empty", List.of())).isEqualTo("0");
    }

    @Test
    void aFailingScriptIsReportedAndLeavesTheSchemaAtItsLastGoodVersion() throws Exception {
        JdbcDataSource ds = h2();
        SchemaMigrator.Script good = new SchemaMigrator.Script("V1__ok.sql", "CREATE TABLE ok (x INTEGER);");
        SchemaMigrator.migrate(ds, "broken", List.of(good));

        assertThatThrownBy(() -> SchemaMigrator.migrate(ds, "broken", List.of(good,
                new SchemaMigrator.Script("V2__bad.sql", "CREATE TABLE (;"))))
                .hasMessageContaining("V2__bad.sql");
        assertThat(tableExists(ds, "ok")).isTrue();
    }

    @Test
    void aSchemaNameThatCannotBeATableNameIsRefused() {
        assertThatThrownBy(() -> SchemaMigrator.migrate(h2(), "drop table;", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must match");
    }
}
