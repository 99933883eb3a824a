package org.toolboxai.example.flashcards.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.store.Store;

/**
 * The decks in this bundle's own tables ({@code db/flashcards/V1__decks.sql}). It references
 * the Store registered for schema {@code flashcards}, so it starts only once the store applied
 * those scripts.
 */
@Component(service = DeckStore.class)
public class DeckStore {

    private final DataSource dataSource;

    /** Starts once the schema is migrated. */
    @Activate
    public DeckStore(@Reference(target = "(" + Store.SCHEMA + "=flashcards)") Store store) {
        this(store.dataSource());
    }

    DeckStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes a deck on the caller's connection (a step effect: the step's completion transaction). */
    static void insert(Connection c, String runId, String title, String owner, long createdAt, List<Card> cards)
            throws SQLException {
        try (PreparedStatement deck = c.prepareStatement(
                "INSERT INTO flashcard_deck (run_id, title, owner, created_at) VALUES (?, ?, ?, ?)")) {
            deck.setString(1, runId);
            deck.setString(2, title);
            deck.setString(3, owner);
            deck.setLong(4, createdAt);
            deck.executeUpdate();
        }
        try (PreparedStatement card = c.prepareStatement(
                "INSERT INTO flashcard (run_id, position, front, back) VALUES (?, ?, ?, ?)")) {
            int position = 0;
            for (Card each : cards) {
                card.setString(1, runId);
                card.setInt(2, position++);
                card.setString(3, each.front());
                card.setString(4, each.back());
                card.addBatch();
            }
            card.executeBatch();
        }
    }

    /** One deck with its cards. */
    public Optional<Deck> find(String runId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Deck head;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT run_id, title, owner, created_at FROM flashcard_deck WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    head = new Deck(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), List.of(), 0);
                }
            }
            List<Card> cards = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT front, back FROM flashcard WHERE run_id = ? ORDER BY position")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cards.add(new Card(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return Optional.of(new Deck(head.runId(), head.title(), head.owner(), head.createdAt(), cards, cards.size()));
        }
    }

    /** The newest decks first, without their cards; {@code owner} null for everyone's. */
    public List<Deck> list(String owner, int limit) throws SQLException {
        String sql = "SELECT d.run_id, d.title, d.owner, d.created_at, "
                + "(SELECT COUNT(*) FROM flashcard f WHERE f.run_id = d.run_id) FROM flashcard_deck d"
                + (owner == null ? "" : " WHERE d.owner = ?") + " ORDER BY d.created_at DESC, d.run_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (owner != null) {
                ps.setString(1, owner);
            }
            ps.setMaxRows(limit);
            List<Deck> decks = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    decks.add(new Deck(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), List.of(), rs.getInt(5)));
                }
            }
            return decks;
        }
    }

    /** How many decks there are. */
    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM flashcard_deck");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
