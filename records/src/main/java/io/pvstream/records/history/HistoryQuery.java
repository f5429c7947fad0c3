package io.pvstream.records.history;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.function.Function;

import io.pvstream.records.DomainException.Invalid;

/**
 * A validated {@code GET /api/v1/pvs/{name}/history} request: the half-open range {@code [from, to)}, and either raw
 * samples ({@code bin} absent) or bins of {@code bin} starting at {@code from} with the chosen statistics.
 *
 * @param bin   bin width, or null for raw samples
 * @param stats the statistics of each bin (all when {@code stat} is absent)
 * @param csv   {@code format=csv} (or an Accept of text/csv only); JSON otherwise
 */
public record HistoryQuery(String pv, Instant from, Instant to, Duration bin, Set<Stat> stats, boolean csv) {

    /** How far back or ahead a time may be: further is a typo, and SQL timestamps end anyway. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    public boolean binned() {
        return bin != null;
    }

    /** How many bins {@code [from, to)} holds: the last one may be partial. */
    public long binCount() {
        BigInteger span = BigInteger.valueOf(Duration.between(from, to).toNanos());
        BigInteger width = BigInteger.valueOf(bin.toNanos());
        BigInteger[] division = span.divideAndRemainder(width);
        return division[0].add(division[1].signum() > 0 ? BigInteger.ONE : BigInteger.ZERO).longValueExact();
    }

    /**
     * @param param    a query parameter by name (null when absent)
     * @param now      the default of {@code to}
     * @param maxBins  more bins than this is a 400
     * @throws io.pvstream.records.DomainException.Invalid with what is wrong
     */
    public static HistoryQuery parse(String pv, Function<String, String> param, boolean csvAccepted, Instant now,
                                     int maxBins) {
        Instant from = instant(param.apply("from"), "from", null);
        if (from == null) {
            throw new Invalid("from: required, an ISO-8601 time such as 2026-11-23T03:12:00Z");
        }
        Instant to = instant(param.apply("to"), "to", now);
        if (!from.isBefore(to)) {
            throw new Invalid("from (" + from + ") must be before to (" + to + ")");
        }
        Duration bin = null;
        String binText = param.apply("bin");
        if (binText != null && !binText.isBlank()) {
            try {
                bin = BinSize.parse(binText);
            } catch (IllegalArgumentException e) {
                throw new Invalid(e.getMessage());
            }
        }
        Set<Stat> stats;
        try {
            stats = Stat.parseList(param.apply("stat"));
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
        if (bin == null && param.apply("stat") != null && !param.apply("stat").isBlank()) {
            throw new Invalid("stat: only with bin (raw samples have no statistics)");
        }
        String format = param.apply("format");
        if (format != null && !format.isBlank() && !format.equals("csv") && !format.equals("json")) {
            throw new Invalid("format: csv or json");
        }
        boolean csv = "csv".equals(format) || (format == null || format.isBlank()) && csvAccepted;
        HistoryQuery query = new HistoryQuery(pv, from, to, bin, stats, csv);
        if (bin != null && query.binCount() > maxBins) {
            throw new Invalid("bin: " + query.binCount() + " bins of " + bin + " in [" + from + ", " + to
                    + "); at most " + maxBins + " (history.max.bins): use a wider bin or a shorter range");
        }
        return query;
    }

    private static Instant instant(String text, String name, Instant absent) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        Instant instant;
        try {
            instant = Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new Invalid(name + ": an ISO-8601 UTC time such as 2026-11-23T03:12:00Z (got '"
                    + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "')");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new Invalid(name + ": between " + EARLIEST + " and " + LATEST + " (got " + instant + ")");
        }
        return instant;
    }
}
