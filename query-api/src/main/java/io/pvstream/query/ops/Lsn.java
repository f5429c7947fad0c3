package io.pvstream.query.ops;

import java.util.Locale;

/**
 * PostgreSQL WAL positions ({@code pg_lsn}): text {@code 16/B374D848} is the 64-bit number {@code 0x16B374D848}
 * (high and low 32 bits in hex). Debezium's {@code source.lsn} is the same number, so LSNs of the replica and
 * of CDC events compare directly.
 */
public final class Lsn {

    private Lsn() {
    }

    /** @throws IllegalArgumentException if {@code text} is not {@code X/Y} with 1 to 8 hex digits each */
    public static long parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 1 || slash != text.lastIndexOf('/') || slash > 8 || text.length() - slash - 1 < 1
                || text.length() - slash - 1 > 8) {
            throw new IllegalArgumentException("not an LSN: " + text);
        }
        try {
            long high = Long.parseLong(text.substring(0, slash), 16);
            long low = Long.parseLong(text.substring(slash + 1), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("not an LSN: " + text);
            }
            return high << 32 | low;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an LSN: " + text, e);
        }
    }

    /** The text form PostgreSQL prints, e.g. {@code 16/B374D848}. */
    public static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xFFFF_FFFFL).toUpperCase(Locale.ROOT);
    }
}
