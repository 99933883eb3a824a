-- Workflow runs and their steps. Portable SQL: runs on H2 2.x and PostgreSQL 12+.
-- IF NOT EXISTS: databases made before the workflow bundle owned its schema already have these
-- tables (from the store's own history); this first migration adopts them.
-- Times are epoch milliseconds (BIGINT): no time-zone surprises between databases.

CREATE TABLE IF NOT EXISTS workflow_run (
    id           VARCHAR(36)    NOT NULL PRIMARY KEY,
    template     VARCHAR(100)   NOT NULL,
    owner        VARCHAR(100)   NOT NULL,
    state        VARCHAR(16)    NOT NULL,
    parameters   VARCHAR(1000000) NOT NULL,
    error        VARCHAR(4000),
    created_at   BIGINT         NOT NULL,
    started_at   BIGINT,
    finished_at  BIGINT,
    updated_at   BIGINT         NOT NULL
);
CREATE INDEX IF NOT EXISTS workflow_run_state ON workflow_run (state, created_at);
CREATE INDEX IF NOT EXISTS workflow_run_owner ON workflow_run (owner, created_at);

CREATE TABLE IF NOT EXISTS workflow_step (
    run_id       VARCHAR(36)    NOT NULL,
    step_id      VARCHAR(200)   NOT NULL,
    position     INTEGER        NOT NULL,
    template_step VARCHAR(100)  NOT NULL,
    type         VARCHAR(100)   NOT NULL,
    state        VARCHAR(16)    NOT NULL,
    depends_on   VARCHAR(20000) NOT NULL,
    optional_step BOOLEAN       NOT NULL,
    timeout_ms   BIGINT         NOT NULL,
    retries      INTEGER        NOT NULL,
    config       VARCHAR(1000000) NOT NULL,
    attempt      INTEGER        NOT NULL,
    output       VARCHAR(10000000),
    error        VARCHAR(4000),
    started_at   BIGINT,
    finished_at  BIGINT,
    PRIMARY KEY (run_id, step_id),
    FOREIGN KEY (run_id) REFERENCES workflow_run (id) ON DELETE CASCADE
);

-- duration statistics per template step, for ETAs and critical-path ordering
CREATE TABLE IF NOT EXISTS workflow_step_stats (
    stat_key     VARCHAR(200)   NOT NULL PRIMARY KEY,
    samples      BIGINT         NOT NULL,
    mean_ms      DOUBLE PRECISION NOT NULL
);
