package io.pvstream.records.history;

import java.time.Duration;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The {@code archive.*} and {@code history.*} keys of query-api; added to {@code QueryApiConfig}. */
public final class HistoryConfig {

    public static final String RETENTION_DAYS = "archive.retention.days";
    public static final String PARTITIONS_AHEAD_DAYS = "archive.partitions.ahead.days";
    public static final String MAINTENANCE_INTERVAL_MS = "archive.maintenance.interval.ms";
    public static final String MAX_SAMPLES = "history.max.samples";
    public static final String MAX_BINS = "history.max.bins";
    public static final String MAX_PVS = "history.max.pvs";

    /** The settings read back. */
    public record Settings(int retentionDays, int partitionsAheadDays, Duration maintenanceInterval, int maxSamples,
                           int maxBins, int maxPvs) {
    }

    private HistoryConfig() {
    }

    public static ConfigDef define(ConfigDef def) {
        return def
                .define(RETENTION_DAYS, Type.INT, 30, Range.atLeast(1), Importance.MEDIUM,
                        "Days of PV history kept: day partitions of pv_archive that ended longer ago are dropped "
                                + "(checked every " + MAINTENANCE_INTERVAL_MS + " by every instance).")
                .define(PARTITIONS_AHEAD_DAYS, Type.INT, 3, Range.between(1, 366), Importance.LOW,
                        "Days of pv_archive partitions created ahead of today (UTC), so the archive sink never "
                                + "waits for one; samples of a day without a partition go to the default partition.")
                .define(MAINTENANCE_INTERVAL_MS, Type.LONG, Duration.ofHours(1).toMillis(), Range.atLeast(1_000),
                        Importance.LOW,
                        "How often pv_archive partitions are created ahead and old ones dropped (retried every 30 s "
                                + "until the first success, e.g. while PostgreSQL is down at start).")
                .define(MAX_SAMPLES, Type.INT, 1_000_000, Range.atLeast(1), Importance.MEDIUM,
                        "Most raw samples one history request returns; a range holding more is answered 400 (ask "
                                + "for bins, or a shorter range). Answers stream, so this bounds the time, not memory.")
                .define(MAX_BINS, Type.INT, 100_000, Range.atLeast(1), Importance.MEDIUM,
                        "Most bins one history request may ask for ((to - from) / bin); more is answered 400.")
                .define(MAX_PVS, Type.INT, 100_000, Range.atLeast(1), Importance.MEDIUM,
                        "Most PVs one POST /api/v1/history/at may name.");
    }

    public static Settings settings(AbstractConfig config) {
        return new Settings(config.getInt(RETENTION_DAYS), config.getInt(PARTITIONS_AHEAD_DAYS),
                Duration.ofMillis(config.getLong(MAINTENANCE_INTERVAL_MS)), config.getInt(MAX_SAMPLES),
                config.getInt(MAX_BINS), config.getInt(MAX_PVS));
    }
}
