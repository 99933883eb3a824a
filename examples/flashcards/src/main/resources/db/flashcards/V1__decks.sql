-- Decks made by the flashcards workflow, one per run; portable SQL (H2 and PostgreSQL).
CREATE TABLE flashcard_deck (
    run_id     VARCHAR(36)  NOT NULL PRIMARY KEY,
    title      VARCHAR(200) NOT NULL,
    owner      VARCHAR(100) NOT NULL,
    created_at BIGINT       NOT NULL
);

CREATE TABLE flashcard (
    run_id   VARCHAR(36)  NOT NULL,
    position INTEGER      NOT NULL,
    front    VARCHAR(300) NOT NULL,
    back     VARCHAR(1000) NOT NULL,
    PRIMARY KEY (run_id, position),
    FOREIGN KEY (run_id) REFERENCES flashcard_deck (run_id) ON DELETE CASCADE
);
