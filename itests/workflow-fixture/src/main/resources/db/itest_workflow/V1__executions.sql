-- one row per completed execution of an itest.record step, written by its step effect
CREATE TABLE itest_execution (
    step_key VARCHAR(300) NOT NULL,
    attempt  INTEGER      NOT NULL
);
