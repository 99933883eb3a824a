package org.toolboxai.example.flashcards.internal;

import java.sql.SQLException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;

/** {@code flashcards} in the health report: its tables answer, and how many decks there are. */
@Component(service = HealthContributor.class)
public class FlashcardsHealth implements HealthContributor {

    private final DeckStore decks;

    /** Checks the deck store. */
    @Activate
    public FlashcardsHealth(@Reference DeckStore decks) {
        this.decks = decks;
    }

    @Override
    public String name() {
        return "flashcards";
    }

    @Override
    public HealthCheck check() {
        try {
            return HealthCheck.up(Map.of("decks", decks.count()));
        } catch (SQLException e) {
            return HealthCheck.down("The flashcard tables cannot be read (SQL state " + e.getSQLState() + ").");
        }
    }
}
