package io.pvstream.records.buffer;

/**
 * Throughput of the buffer, from two samples of end offsets.
 *
 * @param applyPerSecond   change events per second on {@code ops.cdc.public.*}: rows reaching the database
 * @param confirmPerSecond records per second on {@code ops.tx.confirmed}: transactions confirmed (or overdue)
 * @param deadLetters      records in {@code ops.tx.dlq}
 * @param sampledAt        when the later sample was taken
 */
public record FlowRates(double applyPerSecond, double confirmPerSecond, long deadLetters, String sampledAt) {

    /** End offsets summed over the partitions of the apply side and of the confirmations, at one moment. */
    public record Sample(long atNanos, long appliedEnd, long confirmedEnd) {
    }

    /**
     * The rates between {@code earlier} and {@code later}. An end offset that went down (topic re-created) counts
     * as no progress rather than a negative rate.
     */
    public static FlowRates between(Sample earlier, Sample later, long deadLetters, String sampledAt) {
        double seconds = (later.atNanos() - earlier.atNanos()) / 1e9;
        if (seconds <= 0) {
            return new FlowRates(0, 0, deadLetters, sampledAt);
        }
        return new FlowRates(Math.max(0, later.appliedEnd() - earlier.appliedEnd()) / seconds,
                Math.max(0, later.confirmedEnd() - earlier.confirmedEnd()) / seconds, deadLetters, sampledAt);
    }
}
