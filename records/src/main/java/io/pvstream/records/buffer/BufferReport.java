package io.pvstream.records.buffer;

import java.util.List;
import io.pvstream.records.db.DatabaseStatus;

/**
 * {@code GET /api/v1/health/buffer}: how far the operations buffer is behind the database.
 *
 * @param pending     counts over every instance's pending store; null if they could not all be asked
 * @param deadLetters records in {@code ops.tx.dlq}; null until sampled
 * @param rates       apply and confirm rates; null until two samples were taken
 * @param database    the last poll of the primary (and replica); each null when not configured
 * @param problems    what could not be found out, and why
 */
public record BufferReport(Pending pending, Long deadLetters, Rates rates, DatabaseStatus database,
                           List<String> problems) {

    /**
     * @param oldestBufferedAt when the oldest unconfirmed transaction was accepted; null if there is none
     * @param oldestAgeSeconds how long ago that was
     */
    public record Pending(long count, long pendingCount, long committedCount, long overdueCount,
                          String oldestBufferedAt, Double oldestAgeSeconds) {
    }

    public record Rates(double applyPerSecond, double confirmPerSecond, String sampledAt) {
    }
}
