-- The LMS bundle's tables. Portable SQL (H2 2.x, PostgreSQL 12+).

-- A teacher's credentials for an LMS (a Canvas token, say): AES-256-GCM under the configured key,
-- each with its own nonce, bound to its owner, provider and field (the additional data), so a value
-- copied to another row does not decrypt.
CREATE TABLE lms_credential (
    owner       VARCHAR(100)  NOT NULL,
    provider    VARCHAR(50)   NOT NULL,
    field       VARCHAR(50)   NOT NULL,
    nonce       VARCHAR(32)   NOT NULL,
    secret      VARCHAR(12000) NOT NULL,
    updated_at  BIGINT        NOT NULL,
    PRIMARY KEY (owner, provider, field)
);

-- One push of a lesson or course to an LMS, its progress while it runs and its result after.
CREATE TABLE lms_push (
    id              VARCHAR(40)   PRIMARY KEY,
    owner           VARCHAR(100)  NOT NULL,
    provider        VARCHAR(50)   NOT NULL,
    content_id      VARCHAR(100)  NOT NULL,
    kind            VARCHAR(10)   NOT NULL,
    target_course   VARCHAR(200),
    target_section  VARCHAR(200),
    state           VARCHAR(12)   NOT NULL,
    done            INT           NOT NULL,
    total           INT           NOT NULL,
    doing           VARCHAR(500),
    result          VARCHAR(10000000),
    error           VARCHAR(4000),
    failure_kind    VARCHAR(30),
    created_at      BIGINT        NOT NULL,
    updated_at      BIGINT        NOT NULL
);

CREATE INDEX lms_push_owner ON lms_push (owner, created_at);
CREATE INDEX lms_push_state ON lms_push (state, updated_at);
