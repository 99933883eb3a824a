-- Rate limits of external services and leases of shared resources, shared by every node.
-- Portable SQL (H2 2.x, PostgreSQL 12+): BYTEA is PostgreSQL's binary type and an alias of
-- BINARY VARYING in H2. Times are epoch milliseconds (BIGINT).

-- One Bucket4j bucket per rate-limited service ('rate:openai'): its serialized state, read with
-- SELECT ... FOR UPDATE and written back in the same transaction. A row is made empty (state
-- NULL) on a service's first call; Bucket4j then initialises the state.
CREATE TABLE resource_bucket (
    id             VARCHAR(200)  NOT NULL PRIMARY KEY,
    state          BYTEA
);

-- One row per allocatable resource ('slots', 'memory.mb'), made on first use: an allocation locks
-- the rows of what it asks for (FOR UPDATE, in name order) before it sums the leases, so the check
-- and the insert are atomic on any number of nodes.
CREATE TABLE resource_capacity (
    resource       VARCHAR(100)  NOT NULL PRIMARY KEY
);

-- A lease of resources, held until closed or until it expires.
CREATE TABLE resource_lease (
    id             VARCHAR(36)   NOT NULL PRIMARY KEY,
    holder         VARCHAR(200)  NOT NULL,
    node           VARCHAR(100)  NOT NULL,
    created_at     BIGINT        NOT NULL,
    expires_at     BIGINT        NOT NULL
);
CREATE INDEX resource_lease_expires ON resource_lease (expires_at);

-- What a lease holds, one row per resource.
CREATE TABLE resource_lease_amount (
    lease_id       VARCHAR(36)   NOT NULL REFERENCES resource_lease (id) ON DELETE CASCADE,
    resource       VARCHAR(100)  NOT NULL,
    amount         BIGINT        NOT NULL,
    PRIMARY KEY (lease_id, resource)
);
CREATE INDEX resource_lease_amount_resource ON resource_lease_amount (resource);
