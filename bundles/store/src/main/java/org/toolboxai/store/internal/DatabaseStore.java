package org.toolboxai.store.internal;

import javax.sql.DataSource;

import org.toolboxai.api.store.Store;

/** The {@link Store} handed out: the pooled DataSource and what a migration left. */
record DatabaseStore(DataSource dataSource, String databaseProduct, String schema, String schemaVersion)
        implements Store {
}
