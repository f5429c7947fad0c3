package io.pvstream.records.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pvstream.records.db.OpsDatabase;
import io.pvstream.records.snapshots.SavedState;
import io.pvstream.records.snapshots.SnapshotValue;

/**
 * Reads of the archive table {@code pv_archive} (see {@code V3__archive.sql}), through the ops database pools: on the
 * replica when there is one, else the primary. Every statistic is computed by PostgreSQL ({@code date_bin} and
 * aggregates, one pass over the PV's index range); Java only turns rows into output.
 *
 * <p>Streaming reads pass rows to a sink as the cursor fetches them ({@value #FETCH_SIZE} at a time), inside one
 * read-only transaction, so a long range holds no more than one fetch in memory.
 */
public final class JdbcArchive implements HistoryService {

    static final int FETCH_SIZE = 5_000;
    private static final String SAMPLE_COLUMNS =
            "sample_ns, changes, value_kind, value_num, value_text, value_json, severity, status, connected";

    private static final String HAS_SAMPLES = "SELECT EXISTS (SELECT 1 FROM pv_archive WHERE pv_name = ?)";
    private static final String COUNT_UP_TO = "SELECT count(*) FROM (SELECT 1 FROM pv_archive"
            + " WHERE pv_name = ? AND sample_time >= ? AND sample_time < ? LIMIT ?) AS s";
    private static final String SAMPLES = "SELECT " + SAMPLE_COLUMNS + " FROM pv_archive"
            + " WHERE pv_name = ? AND sample_time >= ? AND sample_time < ? ORDER BY sample_time";
    /**
     * Every bin of [from, to), empty ones included (generate_series), in one statement. first/last: the value of
     * the earliest/latest sample, as min/max over (epoch, value) pairs, so no bin collects its values in memory.
     * connected: no disconnected sample in the bin, and connected at its start, which is the state at the end of
     * the last earlier bin with samples (a running count gives each such bin's run; the first row of a run holds
     * its state), or before the range, the state of the last sample before it.
     */
    private static final String BINS = """
            WITH stats AS (
                SELECT date_bin(CAST(? AS interval), sample_time, CAST(? AS timestamptz)) AS bin,
                       count(value_num) AS n, avg(value_num) AS mean, min(value_num) AS low, max(value_num) AS high,
                       (min(ARRAY[extract(epoch FROM sample_time), value_num::numeric])
                           FILTER (WHERE value_num IS NOT NULL))[2] AS first_v,
                       (max(ARRAY[extract(epoch FROM sample_time), value_num::numeric])
                           FILTER (WHERE value_num IS NOT NULL))[2] AS last_v,
                       bool_and(connected) AS always_connected,
                       (max(ARRAY[extract(epoch FROM sample_time), CASE WHEN connected THEN 1 ELSE 0 END]))[2] = 1
                           AS connected_at_end
                FROM pv_archive
                WHERE pv_name = ? AND sample_time >= ? AND sample_time < ?
                GROUP BY 1),
            bins AS (
                SELECT b.bin, s.n, s.mean, s.low, s.high, s.first_v, s.last_v, s.always_connected, s.connected_at_end,
                       count(s.connected_at_end) OVER (ORDER BY b.bin) AS run
                FROM generate_series(CAST(? AS timestamptz), CAST(? AS timestamptz), CAST(? AS interval)) AS b(bin)
                LEFT JOIN stats s ON s.bin = b.bin),
            carried AS (
                SELECT *, first_value(connected_at_end) OVER (PARTITION BY run ORDER BY bin) AS connected_after
                FROM bins)
            SELECT bin, coalesce(n, 0) AS n, mean, low, high, first_v::float8 AS first_v, last_v::float8 AS last_v,
                   coalesce(always_connected, true)
                       AND coalesce(lag(connected_after) OVER (ORDER BY bin),
                                    (SELECT connected FROM pv_archive WHERE pv_name = ? AND sample_time < ?
                                     ORDER BY sample_time DESC LIMIT 1),
                                    true) AS connected
            FROM carried ORDER BY bin""";
    /**
     * Each PV's last sample at or before T; for a PV disconnected at T also its last value before that (the second
     * lateral is skipped for the others: its condition on s.connected is a one-time filter).
     */
    private static final String VALUES_AT = """
            SELECT n.name, s.sample_ns, s.connected, s.value_kind, s.value_num, s.value_text, s.value_json,
                   s.severity, s.status,
                   v.sample_ns AS v_ns, v.value_kind AS v_kind, v.value_num AS v_num, v.value_text AS v_text,
                   v.value_json AS v_json, v.severity AS v_severity, v.status AS v_status
            FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS n(name, i)
            LEFT JOIN LATERAL (
                SELECT a.sample_ns, a.connected, a.value_kind, a.value_num, a.value_text, a.value_json, a.severity,
                       a.status
                FROM pv_archive a WHERE a.pv_name = n.name AND a.sample_time <= ?
                ORDER BY a.sample_time DESC LIMIT 1) s ON true
            LEFT JOIN LATERAL (
                SELECT a.sample_ns, a.value_kind, a.value_num, a.value_text, a.value_json, a.severity, a.status
                FROM pv_archive a
                WHERE NOT s.connected AND a.pv_name = n.name AND a.sample_time <= ? AND a.value_kind IS NOT NULL
                ORDER BY a.sample_time DESC LIMIT 1) v ON true
            ORDER BY n.i""";

    private final OpsDatabase database;

    public JdbcArchive(OpsDatabase database) {
        this.database = database;
    }

    /** Whether the archive holds any sample of {@code pv} (within retention). */
    @Override
    public boolean hasSamples(String pv) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(HAS_SAMPLES)) {
                statement.setString(1, pv);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getBoolean(1);
                }
            }
        }).value();
    }

    /** How many samples {@code [from, to)} holds, counting no further than {@code limit} (an index-only walk). */
    @Override
    public long countUpTo(String pv, Instant from, Instant to, long limit) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_UP_TO)) {
                statement.setString(1, pv);
                statement.setObject(2, time(from));
                statement.setObject(3, time(to));
                statement.setLong(4, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        }).value();
    }

    /** The samples of {@code [from, to)} in time order, to {@code sink} as they are fetched; returns how many. */
    @Override
    public long samples(String pv, Instant from, Instant to, RowSink<HistorySample> sink) {
        AtomicBoolean answered = new AtomicBoolean();
        return database.read(connection -> {
            notAgain(answered);
            try (PreparedStatement statement = connection.prepareStatement(SAMPLES)) {
                statement.setFetchSize(FETCH_SIZE);
                statement.setString(1, pv);
                statement.setObject(2, time(from));
                statement.setObject(3, time(to));
                long count = 0;
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        emit(sink, answered, new HistorySample(rows.getLong(1), rows.getString(2), rows.getString(3),
                                nullableDouble(rows, 4), rows.getString(5), rows.getString(6), rows.getString(7),
                                rows.getString(8), rows.getBoolean(9)));
                        count++;
                    }
                }
                return count;
            }
        }).value();
    }

    /** Every bin of {@code [from, to)} of width {@code bin} starting at {@code from}, to {@code sink} in order. */
    @Override
    public long bins(String pv, Instant from, Instant to, Duration bin, RowSink<HistoryBin> sink) {
        AtomicBoolean answered = new AtomicBoolean();
        String interval = bin.toNanos() / 1_000 + " microseconds";
        return database.read(connection -> {
            notAgain(answered);
            try (PreparedStatement statement = connection.prepareStatement(BINS)) {
                statement.setFetchSize(FETCH_SIZE);
                statement.setString(1, interval);
                statement.setObject(2, time(from));
                statement.setString(3, pv);
                statement.setObject(4, time(from));
                statement.setObject(5, time(to));
                statement.setObject(6, time(from));
                statement.setObject(7, time(to.minusNanos(1_000))); // the last bin starts before to
                statement.setString(8, interval);
                statement.setString(9, pv);
                statement.setObject(10, time(from));
                long count = 0;
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        emit(sink, answered, new HistoryBin(rows.getObject(1, OffsetDateTime.class).toInstant(), rows.getLong(2),
                                nullableDouble(rows, 3), nullableDouble(rows, 4), nullableDouble(rows, 5),
                                nullableDouble(rows, 6), nullableDouble(rows, 7), rows.getBoolean(8)));
                        count++;
                    }
                }
                return count;
            }
        }).value();
    }

    /** Each named PV at {@code at} (its last sample at or before it), in the order given. */
    @Override
    public List<ArchivedValue> valuesAt(Instant at, List<String> names) {
        return database.read(connection -> {
            List<ArchivedValue> values = new ArrayList<>(names.size());
            try (PreparedStatement statement = connection.prepareStatement(VALUES_AT)) {
                statement.setFetchSize(FETCH_SIZE);
                Array array = connection.createArrayOf("text", names.toArray());
                statement.setArray(1, array);
                statement.setObject(2, time(at));
                statement.setObject(3, time(at));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        values.add(valueAt(rows));
                    }
                }
                array.free();
            }
            return values;
        }).value();
    }

    private static ArchivedValue valueAt(ResultSet rows) throws SQLException {
        String name = rows.getString("name");
        long sampleNs = rows.getLong("sample_ns");
        if (rows.wasNull()) {
            return new ArchivedValue(new SnapshotValue(name, SavedState.NEVER_SEEN, null, null, null, null, null, null,
                    null, null, null, false), null);
        }
        if (rows.getBoolean("connected")) {
            return new ArchivedValue(new SnapshotValue(name, SavedState.OK, rows.getString("value_kind"),
                    nullableDouble(rows, "value_num"), rows.getString("value_text"), rows.getString("value_json"),
                    sampleNs, rows.getString("severity"), rows.getString("status"), null, null, false), sampleNs);
        }
        long valueNs = rows.getLong("v_ns");
        Long valueTime = rows.wasNull() ? null : valueNs;
        return new ArchivedValue(new SnapshotValue(name, SavedState.DISCONNECTED, rows.getString("v_kind"),
                nullableDouble(rows, "v_num"), rows.getString("v_text"), rows.getString("v_json"), valueTime,
                rows.getString("v_severity"), rows.getString("v_status"), null, null, false), sampleNs);
    }

    /**
     * OpsDatabase runs a read again on the primary when the replica fails; a stream that has begun to answer must
     * not be run twice (the client would get rows twice), so that second attempt fails instead.
     */
    private static void notAgain(AtomicBoolean answered) {
        if (answered.get()) {
            throw new IllegalStateException("the archive read failed after its answer had begun");
        }
    }

    private static <T> void emit(RowSink<T> sink, AtomicBoolean answered, T row) {
        answered.set(true);
        try {
            sink.accept(row);
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away during a history answer", e);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Double nullableDouble(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    private static Double nullableDouble(ResultSet rows, String column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }
}
