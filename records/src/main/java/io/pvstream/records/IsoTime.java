package io.pvstream.records;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** Nanosecond timestamps as ISO-8601 UTC text with all nine fraction digits, so no precision is lost. */
public final class IsoTime {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private IsoTime() {
    }

    public static Instant instant(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, NANOS_PER_SECOND), Math.floorMod(epochNs, NANOS_PER_SECOND));
    }

    public static long epochNs(Instant instant) {
        return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
    }

    /** e.g. {@code 2023-11-14T22:13:20.123456789Z}. */
    public static String format(long epochNs) {
        return FORMAT.format(instant(epochNs));
    }
}
