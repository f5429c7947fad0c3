package io.pvstream.streams.restore;

import java.time.Duration;

import io.pvstream.streams.StreamsAppConfig;

/**
 * The options of the restore-job part of the topology.
 *
 * @param checkInterval wall-clock period of the deadline check
 * @param retention     how long a finished job (and its results) stays in the stores after it finished
 */
public record RestoreSettings(Duration checkInterval, Duration retention) {

    public static RestoreSettings from(StreamsAppConfig config) {
        return new RestoreSettings(Duration.ofMillis(config.getLong(StreamsAppConfig.RESTORE_CHECK_INTERVAL_MS)),
                Duration.ofMillis(config.getLong(StreamsAppConfig.RESTORE_JOB_RETENTION_MS)));
    }
}
