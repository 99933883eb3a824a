-- The teachers' edits of lesson packages: version 2, 3 ... of a content (version 1 is the package
-- its workflow run made, kept by the workflow engine). Portable SQL (H2 2.x and PostgreSQL 12+);
-- times are epoch milliseconds. The primary key makes two edits of the same version collide, so
-- at most one of them wins, on any node.
CREATE TABLE content_version (
    content_id   VARCHAR(36)      NOT NULL,
    version      INTEGER          NOT NULL,
    created_at   BIGINT           NOT NULL,
    author       VARCHAR(100)     NOT NULL,
    passed       BOOLEAN          NOT NULL,
    package_json VARCHAR(10000000) NOT NULL,
    PRIMARY KEY (content_id, version)
);
