package org.toolboxai.itest;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ops4j.pax.exam.Option;
import org.toolboxai.testing.postgres.EmbeddedPostgres;

/**
 * A fresh, empty database of the test JVM's throw-away PostgreSQL 17 ({@link EmbeddedPostgres#shared()}:
 * started on first use, stopped with the JVM), and the datasource settings that put a distribution's
 * store on it instead of the shipped embedded H2. Used on the driver side only: the container
 * never sees this class run.
 */
final class PostgresDatabase {

    /** The distribution's datasource configuration (pax-jdbc-config). */
    static final String DATASOURCE_CONFIG = "etc/org.ops4j.datasource-toolbox.cfg";
    /** The database product the store names in the health report. */
    static final String PRODUCT = "PostgreSQL";

    private final String url;
    private final String user;

    private PostgresDatabase(String url, String user) {
        this.url = url;
        this.user = user;
    }

    /** Creates a database for one distribution (the shared server starts on first use, about 5 s). */
    static PostgresDatabase create() throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.shared();
        return new PostgresDatabase(server.newDatabase(), server.user());
    }

    /** A Pax Exam configuration with the store on a new database. */
    static Option[] storeOnPostgres(Option[] config) {
        PostgresDatabase database;
        try {
            database = create();
        } catch (Exception e) {
            throw new IllegalStateException("no test PostgreSQL for the distribution", e);
        }
        List<Option> options = new ArrayList<>(Arrays.asList(config));
        database.datasourceSettings().forEach((key, value) -> options.add(editConfigurationFilePut(DATASOURCE_CONFIG, key, value)));
        return options.toArray(Option[]::new);
    }

    /**
     * The keys of the datasource configuration that differ from the shipped H2 one; the pool
     * settings stay as shipped, and the server trusts loopback connections, so no password.
     */
    Map<String, String> datasourceSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("osgi.jdbc.driver.class", "org.postgresql.Driver");
        settings.put("url", url);
        settings.put("user", user);
        return settings;
    }

    /** A connection to the database, to read what the distribution wrote. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }
}
