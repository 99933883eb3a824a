package org.toolboxai.coordinator.sync.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The component registry in the store ({@code sync_component}): registrations, heartbeats, and
 * the sweep that marks down whoever missed its time-to-live. Each change of state is made by one
 * conditional UPDATE, so when every node sweeps, exactly one of them reports a component down.
 */
final class Components {

    /** One registered component. */
    record Registered(String id, String kind, String name, String version, String owner, long registeredAt, long heartbeatAt,
            int ttlSeconds, String state, String details) {

        boolean up() {
            return "up".equals(state);
        }
    }

    private static final String COLUMNS = "id, kind, name, version, owner, registered_at, heartbeat_at, ttl_seconds, state, details";

    private final DataSource dataSource;
    private final Clock clock;

    Components(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Registers (or registers again, replacing) a component, up from now. */
    Registered register(String id, String kind, String name, String version, String owner, int ttlSeconds, String details)
            throws SQLException {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_component WHERE id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_component (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'up', ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, kind);
                    ps.setString(3, name);
                    ps.setString(4, version);
                    ps.setString(5, owner);
                    ps.setLong(6, now);
                    ps.setLong(7, now);
                    ps.setInt(8, ttlSeconds);
                    ps.setString(9, details);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new Registered(id, kind, name, version, owner, now, now, ttlSeconds, "up", details);
    }

    /**
     * A heartbeat: up from now; answers the state it had before ({@code down} when this heartbeat
     * brought it back), or empty when it is not registered. Each case is one conditional UPDATE,
     * so a sweep on another node marking it down in between is either before (then this answers
     * {@code down}) or after it.
     */
    Optional<String> heartbeat(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                for (String state : new String[] {"down", "up"}) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE sync_component SET heartbeat_at = ?, state = 'up' WHERE id = ? AND state = ?")) {
                        ps.setLong(1, clock.millis());
                        ps.setString(2, id);
                        ps.setString(3, state);
                        if (ps.executeUpdate() == 1) {
                            return Optional.of(state);
                        }
                    }
                }
                // neither: not registered, or marked down between the two statements
                if (find(id).isEmpty()) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** How many components an owner has registered. */
    int countOwnedBy(String owner) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sync_component WHERE owner = ? AND kind <> 'node'")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Deletes the components down for longer than {@code keepDown} times their time-to-live (and
     * at least an hour); answers those this call deleted.
     */
    List<Registered> purge(int keepDown) throws SQLException {
        long now = clock.millis();
        List<Registered> purged = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<Registered> down = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_component WHERE state = 'down'");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    down.add(row(rs));
                }
            }
            for (Registered r : down) {
                long keep = Math.max(3_600_000L, (long) keepDown * r.ttlSeconds() * 1000L);
                if (r.heartbeatAt() + keep < now) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM sync_component WHERE id = ? AND state = 'down' AND heartbeat_at = ?")) {
                        ps.setString(1, r.id());
                        ps.setLong(2, r.heartbeatAt());
                        if (ps.executeUpdate() == 1) {
                            purged.add(r);
                        }
                    }
                }
            }
        }
        return purged;
    }

    /** Removes a component; answers whether it was there. */
    boolean remove(String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM sync_component WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    Optional<Registered> find(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_component WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Every component, by kind and name. */
    List<Registered> all() throws SQLException {
        List<Registered> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_component ORDER BY kind, name, id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    /** Marks down every up component whose last heartbeat is older than its time-to-live; answers those this call marked. */
    List<Registered> sweep() throws SQLException {
        long now = clock.millis();
        List<Registered> late = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_component WHERE state = 'up'");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Registered r = row(rs);
                    if (r.heartbeatAt() + r.ttlSeconds() * 1000L < now) {
                        late.add(r);
                    }
                }
            }
            List<Registered> marked = new ArrayList<>();
            for (Registered r : late) {
                // only if nothing changed since it was read: a heartbeat in between wins, and of
                // several nodes sweeping at once exactly one marks it
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE sync_component SET state = 'down' WHERE id = ? AND state = 'up' AND heartbeat_at = ?")) {
                    ps.setString(1, r.id());
                    ps.setLong(2, r.heartbeatAt());
                    if (ps.executeUpdate() == 1) {
                        marked.add(new Registered(r.id(), r.kind(), r.name(), r.version(), r.owner(), r.registeredAt(), r.heartbeatAt(),
                                r.ttlSeconds(), "down", r.details()));
                    }
                }
            }
            return marked;
        }
    }

    private static Registered row(ResultSet rs) throws SQLException {
        return new Registered(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getLong(7), rs.getInt(8), rs.getString(9), rs.getString(10));
    }
}
