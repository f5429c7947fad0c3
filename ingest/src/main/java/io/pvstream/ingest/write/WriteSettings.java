package io.pvstream.ingest.write;

import java.time.Duration;

import io.pvstream.ingest.IngestConfig;

/** The {@code write.*} keys of {@link IngestConfig}, read once. */
public record WriteSettings(String consumerGroup, int maxInFlight, Duration putTimeout, Backoff backoff,
                            int circuitFailureThreshold, Duration circuitResetTimeout, int dedupCapacity,
                            int maxArrayBytes) {

    public static WriteSettings of(IngestConfig config) {
        Duration initial = Duration.ofMillis(config.getLong(IngestConfig.WRITE_RETRY_INITIAL_MS));
        Duration max = Duration.ofMillis(config.getLong(IngestConfig.WRITE_RETRY_MAX_MS));
        return new WriteSettings(
                config.getString(IngestConfig.WRITE_CONSUMER_GROUP),
                config.getInt(IngestConfig.WRITE_MAX_IN_FLIGHT),
                Duration.ofMillis(config.getLong(IngestConfig.WRITE_PUT_TIMEOUT_MS)),
                new Backoff(initial, max.compareTo(initial) < 0 ? initial : max,
                        config.getInt(IngestConfig.WRITE_RETRY_MAX_TRIES)),
                config.getInt(IngestConfig.WRITE_CIRCUIT_FAILURE_THRESHOLD),
                Duration.ofMillis(config.getLong(IngestConfig.WRITE_CIRCUIT_RESET_TIMEOUT_MS)),
                config.getInt(IngestConfig.WRITE_DEDUP_CAPACITY),
                config.getInt(IngestConfig.CA_MAX_ARRAY_BYTES));
    }
}
