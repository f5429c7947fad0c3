package io.pvstream.records.history;

import java.time.Instant;

/**
 * One bin of a PV's history, computed by SQL: statistics over the numeric values archived in {@code [start, start +
 * bin)}; null (count 0) when none was. A bin without samples is not a gap: the value did not change beyond the
 * archive deadband. {@code connected} is false when the PV was disconnected at any time in the bin (at its start, by
 * the sample before it, or by a sample in it): that is the gap.
 */
public record HistoryBin(Instant start, long count, Double mean, Double min, Double max, Double first, Double last,
                         boolean connected) {

    /** The value of one statistic (count as a double). */
    public Double stat(Stat stat) {
        return switch (stat) {
            case MEAN -> mean;
            case MIN -> min;
            case MAX -> max;
            case COUNT -> (double) count;
            case FIRST -> first;
            case LAST -> last;
        };
    }
}
