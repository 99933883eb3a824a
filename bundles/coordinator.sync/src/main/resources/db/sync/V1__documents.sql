-- Shared state: named JSON documents and their numbered versions. Portable SQL (H2 2.x,
-- PostgreSQL 12+). Times are epoch milliseconds.

CREATE TABLE sync_document (
    name             VARCHAR(200)   NOT NULL PRIMARY KEY,
    owner            VARCHAR(100)   NOT NULL,
    -- reject, last-writer-wins, version-wins, merge, or resolver:<name>
    strategy         VARCHAR(120)   NOT NULL,
    -- comma-separated user names; '*' is every authenticated caller (the owner and admins always may)
    readers          VARCHAR(4000)  NOT NULL,
    writers          VARCHAR(4000)  NOT NULL,
    max_history      INTEGER        NOT NULL,
    current_version  BIGINT         NOT NULL,
    created_at       BIGINT         NOT NULL,
    updated_at       BIGINT         NOT NULL
);

-- Every kept version; the oldest are compacted beyond max_history, never the newest.
CREATE TABLE sync_version (
    name             VARCHAR(200)   NOT NULL,
    version          BIGINT         NOT NULL,
    content          VARCHAR(10000000) NOT NULL,
    author           VARCHAR(100)   NOT NULL,
    at               BIGINT         NOT NULL,
    checksum         CHAR(64)       NOT NULL,
    -- how it was made: put, patch, merge, resolved, rollback
    kind             VARCHAR(20)    NOT NULL,
    PRIMARY KEY (name, version)
);
