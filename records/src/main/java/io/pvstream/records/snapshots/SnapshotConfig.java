package io.pvstream.records.snapshots;

import java.time.Duration;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The {@code snapshot.*} and {@code restore.*} keys of query-api; added to {@code QueryApiConfig}. */
public final class SnapshotConfig {

    public static final String MAX_PVS = "snapshot.max.pvs";
    public static final String CHUNK_BYTES = "snapshot.chunk.bytes";
    public static final String SCAN_TIMEOUT_MS = "snapshot.scan.timeout.ms";
    public static final String CATCHUP_TIMEOUT_MS = "snapshot.catchup.timeout.ms";
    public static final String CACHE_VALUES = "snapshot.cache.values";
    public static final String RESTORE_TIMEOUT_MS = "restore.job.timeout.ms";
    public static final String RESTORE_VERIFY_TIMEOUT_MS = "restore.verify.timeout.ms";

    /** The settings read back. */
    public record Settings(int maxPvs, int chunkBytes, Duration scanTimeout, Duration jobTimeout,
                           Duration verifyTimeout, int cacheValues) {
    }

    private SnapshotConfig() {
    }

    public static ConfigDef define(ConfigDef def) {
        return def
                .define(MAX_PVS, Type.INT, 200_000, Range.atLeast(1), Importance.MEDIUM,
                        "Most PVs one snapshot may hold; a larger selection is refused with 400.")
                .define(CHUNK_BYTES, Type.INT, 256 * 1024, Range.between(16 * 1024, 900 * 1024), Importance.LOW,
                        "Largest buffered transaction of snapshot values (estimated). A snapshot travels through the "
                                + "operations buffer as chunks of this size and a header, so every record stays under "
                                + "Kafka's default 1 MB limits.")
                .define(SCAN_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(100), Importance.LOW,
                        "How long another instance may take to scan its latest-value store for a snapshot.")
                .define(CATCHUP_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.MEDIUM,
                        "How long saving a snapshot waits for the latest-value stores of all instances to apply "
                                + "every update that was in Kafka when the request came; if they do not, the save "
                                + "fails with 503 (saying how far behind they are) rather than record PVs from a "
                                + "lagging store, e.g. connected ones as never seen.")
                .define(CACHE_VALUES, Type.INT, 120_000, Range.atLeast(0), Importance.LOW,
                        "Saved values of recently read or taken snapshots kept in memory (most values over all "
                                + "snapshots; a snapshot's values never change, so the snapshot view, compare and restore "
                                + "do not read the same 40,000 values from PostgreSQL again), with the JSON of a whole "
                                + "read once a snapshot is read whole. About 300 bytes of heap each, 500 with the JSON; "
                                + "0 keeps none.")
                .define(RESTORE_TIMEOUT_MS, Type.LONG, 600_000L, Range.atLeast(1_000), Importance.MEDIUM,
                        "Restore job timeout: writes not done by then are reported TIMED_OUT.")
                .define(RESTORE_VERIFY_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.MEDIUM,
                        "How long after a put completes its readback may take to match the target within tolerance "
                                + "before the PV is reported written-but-not-verified.");
    }

    /** {@value #CATCHUP_TIMEOUT_MS}. */
    public static Duration catchUpTimeout(AbstractConfig config) {
        return Duration.ofMillis(config.getLong(CATCHUP_TIMEOUT_MS));
    }

    public static Settings settings(AbstractConfig config) {
        return new Settings(config.getInt(MAX_PVS), config.getInt(CHUNK_BYTES),
                Duration.ofMillis(config.getLong(SCAN_TIMEOUT_MS)), Duration.ofMillis(config.getLong(RESTORE_TIMEOUT_MS)),
                Duration.ofMillis(config.getLong(RESTORE_VERIFY_TIMEOUT_MS)), config.getInt(CACHE_VALUES));
    }
}
