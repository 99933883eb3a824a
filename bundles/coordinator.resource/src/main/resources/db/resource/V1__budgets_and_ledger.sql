-- Daily cost budgets, the spend against them, and the ledger of model calls. Portable SQL (H2 2.x,
-- PostgreSQL 12+). Money is in micro-dollars (BIGINT): no rounding, no floating point.

-- A budget per scope: 'global', or 'user:<name>'. No row: no limit for that scope.
CREATE TABLE resource_budget (
    scope          VARCHAR(120)  NOT NULL PRIMARY KEY,
    daily_micros   BIGINT        NOT NULL,
    updated_at     BIGINT        NOT NULL,
    updated_by     VARCHAR(100)  NOT NULL
);

-- What a scope spent on a UTC day (epoch day): reserved for calls under way, settled for calls
-- done. A reservation is one conditional UPDATE (reserved + settled + estimate <= budget), so
-- the check and the reservation are atomic on any number of nodes.
CREATE TABLE resource_spend (
    scope          VARCHAR(120)  NOT NULL,
    epoch_day      INTEGER       NOT NULL,
    reserved_micros BIGINT       NOT NULL,
    settled_micros BIGINT        NOT NULL,
    PRIMARY KEY (scope, epoch_day)
);

-- Every reservation's end: settled (the real tokens and cost) or released (the call failed).
CREATE TABLE resource_ledger (
    id             VARCHAR(36)   NOT NULL PRIMARY KEY,
    at             BIGINT        NOT NULL,
    epoch_day      INTEGER       NOT NULL,
    provider       VARCHAR(100)  NOT NULL,
    model          VARCHAR(200)  NOT NULL,
    user_name      VARCHAR(100)  NOT NULL,
    run_id         VARCHAR(36),
    step_id        VARCHAR(200),
    input_tokens   BIGINT        NOT NULL,
    output_tokens  BIGINT        NOT NULL,
    reserved_micros BIGINT       NOT NULL,
    cost_micros    BIGINT        NOT NULL,
    outcome        VARCHAR(16)   NOT NULL
);
CREATE INDEX resource_ledger_day ON resource_ledger (epoch_day, user_name);
