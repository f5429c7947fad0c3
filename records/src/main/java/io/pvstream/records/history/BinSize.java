package io.pvstream.records.history;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The width of history bins: {@code 500ms}, {@code 10s}, {@code 1m}, {@code 2h}, {@code 1d}, or ISO-8601 such as
 * {@code PT1M}. At least a millisecond, at most a year; fixed length (no months), which is what SQL's
 * {@code date_bin} takes.
 */
public final class BinSize {

    static final Duration MIN = Duration.ofMillis(1);
    static final Duration MAX = Duration.ofDays(366);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private BinSize() {
    }

    /** @throws IllegalArgumentException with a message fit for the client */
    public static Duration parse(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        Duration bin;
        Matcher m = SHORT.matcher(trimmed);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            bin = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                bin = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("bin: a duration such as 500ms, 10s, 1m, 1h, 1d or PT1M (got '"
                        + (text.length() > 30 ? text.substring(0, 27) + "..." : text) + "')");
            }
        }
        if (bin.compareTo(MIN) < 0 || bin.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("bin: between 1 ms and 366 days (got " + bin + ")");
        }
        if (bin.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException("bin: whole microseconds (got " + bin + ")");
        }
        return bin;
    }
}
