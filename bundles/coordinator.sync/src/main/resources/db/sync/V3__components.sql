-- The component registry: nodes, Studio plugins and external workers that announce themselves
-- and send heartbeats. One that misses its time-to-live is marked down (and an event says so).
-- Portable SQL (H2 2.x, PostgreSQL 12+). Times are epoch milliseconds.

CREATE TABLE sync_component (
    id             VARCHAR(100)  NOT NULL PRIMARY KEY,
    -- node, plugin, worker
    kind           VARCHAR(20)   NOT NULL,
    name           VARCHAR(200)  NOT NULL,
    version        VARCHAR(50),
    -- who registered it (a user or token name; the node's name for nodes)
    owner          VARCHAR(100)  NOT NULL,
    registered_at  BIGINT        NOT NULL,
    heartbeat_at   BIGINT        NOT NULL,
    ttl_seconds    INTEGER       NOT NULL,
    -- up, down
    state          VARCHAR(10)   NOT NULL,
    -- JSON object the component sent about itself
    details        VARCHAR(4000) NOT NULL
);

CREATE INDEX sync_component_state ON sync_component (state, heartbeat_at);
