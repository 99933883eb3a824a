package org.toolboxai.api.store;

import javax.sql.DataSource;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The toolbox database, registered only after its schema migrations have run, so a consumer
 * that references this service can rely on every table being there.
 */
@ProviderType
public interface Store {

    /** The pooled data source. */
    DataSource dataSource();

    /** The database product, e.g. {@code H2} or {@code PostgreSQL}. */
    String databaseProduct();

    /** The schema version after migration, e.g. {@code 1}. */
    String schemaVersion();
}
