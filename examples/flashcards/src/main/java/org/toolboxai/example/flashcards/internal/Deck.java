package org.toolboxai.example.flashcards.internal;

import java.time.Instant;
import java.util.List;

/**
 * A saved deck, as {@code GET /api/v1/flashcards/{id}} answers it.
 *
 * @param runId     the workflow run that made it
 * @param title     its title
 * @param owner     who asked for it
 * @param createdAt when it was saved
 * @param cards     its cards in order (empty in listings)
 * @param cardCount how many cards it has
 */
public record Deck(String runId, String title, String owner, Instant createdAt, List<Card> cards, int cardCount) {
}
