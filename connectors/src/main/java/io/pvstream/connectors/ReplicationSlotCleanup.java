package io.pvstream.connectors;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the logical replication slots that earlier pvstream CDC sources left behind in the operations
 * database, and their publications.
 *
 * <p>Why: deleting or renaming a Debezium source connector leaves its slot, and PostgreSQL keeps every WAL
 * segment an inactive slot still needs: the primary's disk fills, slowly and for good. A slot is dropped
 * when it is logical, of this database, inactive (no walsender reads it), named with pvstream's prefix
 * ({@code ops.cdc.slot.cleanup.prefix}) and not the configured slot ({@code ops.cdc.slot}), which stays
 * even while its source is stopped, because a new slot would start after the source's stored offset.
 * Slots of other tools, of other databases, or in use are never touched.
 */
public final class ReplicationSlotCleanup {

    private static final Logger log = LoggerFactory.getLogger(ReplicationSlotCleanup.class);
    /** The Debezium source's publication is {@code <slot>_publication} (see ops-cdc-source.json). */
    static final String PUBLICATION_SUFFIX = "_publication";

    private static final String LOGICAL_SLOTS_OF_THIS_DATABASE = """
            SELECT slot_name, active,
                   COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint AS retained_bytes
            FROM pg_replication_slots
            WHERE slot_type = 'logical' AND database = current_database()
            ORDER BY slot_name""";

    /** A logical slot as {@code pg_replication_slots} shows it; retained = WAL it keeps from being recycled. */
    public record Slot(String name, boolean active, long retainedWalBytes) {
    }

    private final String keptSlot;
    private final String prefix;

    /**
     * @param keptSlot the configured slot: never dropped
     * @param prefix   only slots whose name starts with it are pvstream's; must not be empty
     */
    public ReplicationSlotCleanup(String keptSlot, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("an empty prefix would match the slots of every tool");
        }
        this.keptSlot = keptSlot;
        this.prefix = prefix;
    }

    /**
     * Runs it against {@code ops.jdbc.url} if {@code ops.cdc.slot.cleanup} is on; failures are logged, not thrown.
     *
     * @return the slots it dropped
     */
    public static List<Slot> runConfigured(ConnectConfig config) {
        if (!config.getBoolean(ConnectConfig.OPS_CDC_SLOT_CLEANUP)) {
            return List.of();
        }
        ReplicationSlotCleanup cleanup = new ReplicationSlotCleanup(config.getString(ConnectConfig.OPS_CDC_SLOT),
                config.getString(ConnectConfig.OPS_CDC_SLOT_CLEANUP_PREFIX));
        try (Connection connection = DriverManager.getConnection(config.getString(ConnectConfig.OPS_JDBC_URL),
                config.getString(ConnectConfig.OPS_JDBC_USER),
                config.getPassword(ConnectConfig.OPS_JDBC_PASSWORD).value())) {
            return cleanup.run(connection);
        } catch (SQLException e) {
            // the worker and its connectors run all the same; the next start tries again
            log.warn("cannot clean up old replication slots: {}", e.toString());
            return List.of();
        }
    }

    /** Drops every slot {@link #droppable} finds; returns those it dropped. */
    public List<Slot> run(Connection connection) throws SQLException {
        List<Slot> dropped = new ArrayList<>();
        for (Slot slot : droppable(logicalSlots(connection))) {
            if (drop(connection, slot)) {
                dropped.add(slot);
            }
        }
        return dropped;
    }

    /** The slots to drop, of the logical slots of this database. */
    List<Slot> droppable(List<Slot> slots) {
        return slots.stream()
                .filter(slot -> !slot.active())
                .filter(slot -> slot.name().startsWith(prefix))
                .filter(slot -> !slot.name().equals(keptSlot))
                .toList();
    }

    private static List<Slot> logicalSlots(Connection connection) throws SQLException {
        List<Slot> slots = new ArrayList<>();
        try (Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery(LOGICAL_SLOTS_OF_THIS_DATABASE)) {
            while (rows.next()) {
                slots.add(new Slot(rows.getString(1), rows.getBoolean(2), rows.getLong(3)));
            }
        }
        return slots;
    }

    /** False if it could not be dropped, e.g. a source started reading it since it was listed. */
    private static boolean drop(Connection connection, Slot slot) {
        try (PreparedStatement sql = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            sql.setString(1, slot.name());
            sql.execute();
        } catch (SQLException e) {
            log.warn("cannot drop replication slot {}: {}", slot.name(), e.getMessage());
            return false;
        }
        log.info("dropped inactive replication slot {} left by an earlier CDC source; it retained {} bytes of WAL",
                slot.name(), slot.retainedWalBytes());
        String publication = slot.name() + PUBLICATION_SUFFIX;
        try (Statement sql = connection.createStatement()) {
            sql.execute("DROP PUBLICATION IF EXISTS " + quoteIdentifier(publication));
        } catch (SQLException e) {
            log.warn("dropped slot {} but not its publication {}: {}", slot.name(), publication, e.getMessage());
        }
        return true;
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
