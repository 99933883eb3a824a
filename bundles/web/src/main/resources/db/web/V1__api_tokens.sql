-- API tokens, one set for every node on the database: a token issued or revoked on one node counts
-- on all of them at their next request. Portable SQL: runs on H2 2.x and PostgreSQL 12+.
-- Times are epoch milliseconds (BIGINT). A secret is never stored, only the lower-case hex of its
-- SHA-256: the key every request looks its token up by.
CREATE TABLE api_token (
    sha256       VARCHAR(64)    NOT NULL PRIMARY KEY,
    id           VARCHAR(12)    NOT NULL,
    name         VARCHAR(64)    NOT NULL,
    role         VARCHAR(16)    NOT NULL,
    created_at   BIGINT         NOT NULL,
    last_used_at BIGINT,
    CONSTRAINT api_token_id UNIQUE (id),
    CONSTRAINT api_token_name UNIQUE (name)
);

-- What happens once per database, not once per node: the node whose insert of a row succeeds does
-- it ('initial-admin-token': that node issues the first admin token and writes its file), in the
-- same transaction; the primary key makes every other node's insert fail.
CREATE TABLE api_token_once (
    event        VARCHAR(64)    NOT NULL PRIMARY KEY,
    happened_at  BIGINT         NOT NULL
);
