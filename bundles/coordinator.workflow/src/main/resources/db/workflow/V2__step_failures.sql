-- Failures keep their kind (PERMANENT, TRANSIENT, RATE_LIMITED, INVALID_OUTPUT, CANCELLED,
-- TIMED_OUT) and a rate limit's retry-after; error keeps the message.
ALTER TABLE workflow_step ADD COLUMN failure_kind VARCHAR(20);
ALTER TABLE workflow_step ADD COLUMN retry_after_ms BIGINT;
