package io.pvstream.streams.archive;

import java.time.LocalDateTime;
import java.time.ZoneOffset;


import io.pvstream.schemas.catalog.AvroJson;

/**
 * Renders an {@link ArchiveSample} as the record value the archive JDBC sink writes: one plain JSON object, a row of
 * {@code pv_archive}, one field per column. The sink's converter ({@code ArchiveRowConverter} in the connectors
 * module) gives it the table's Connect schema, so no record carries the schema. The sink upserts by
 * {@code (pv_name, sample_time)} taken from the value ({@code primary.key.mode=record_value}), so the record key stays
 * the plain PV name and pv.archive is partitioned like every PV topic.
 *
 * <p>{@code sample_time} is ISO-8601 text cut to microseconds: PostgreSQL keeps microseconds and EPICS has
 * nanoseconds, so the database holds exactly what this class wrote (the driver would otherwise round);
 * {@code sample_ns} keeps the nanoseconds. Pure and thread-safe.
 */
public final class ArchiveRows {

    private ArchiveRows() {
    }

    /** The JSON row of one sample. */
    public static String json(ArchiveSample sample) {
        StringBuilder out = new StringBuilder(320).append('{');
        field(out, "pv_name", sample.pv(), true);
        field(out, "sample_time", sampleTime(sample.sampleNs()), false);
        out.append(",\"sample_ns\":").append(sample.sampleNs());
        field(out, "changes", sample.changes(), false);
        field(out, "value_kind", sample.kind(), false);
        out.append(",\"value_num\":");
        if (sample.num() == null) {
            out.append("null");
        } else {
            out.append(sample.num().doubleValue()); // finite (ArchiveSample keeps NaN and infinities as text)
        }
        field(out, "value_text", sample.text(), false);
        field(out, "value_json", sample.json(), false);
        field(out, "severity", sample.severity(), false);
        field(out, "status", sample.status(), false);
        out.append(",\"connected\":").append(sample.connected());
        return out.append('}').toString();
    }

    /**
     * Rows are written directly rather than through a Jackson tree: one is written per archived update, and the tree
     * (a node per field, then a generic serializer) cost more than the rest of the archive branch together.
     */
    private static void field(StringBuilder out, String name, String value, boolean first) {
        if (!first) {
            out.append(',');
        }
        out.append('"').append(name).append("\":");
        if (value == null) {
            out.append("null");
            return;
        }
        AvroJson.string(value, out);
    }

    /**
     * ISO-8601 in UTC, cut to microseconds (what timestamptz holds), e.g. {@code 2026-11-23T03:12:00.123456Z}: always
     * six fraction digits and the seconds (OffsetDateTime.toString would drop zeros).
     */
    public static String sampleTime(long sampleNs) {
        long seconds = Math.floorDiv(sampleNs, 1_000_000_000L);
        int micros = (int) (Math.floorMod(sampleNs, 1_000_000_000L) / 1_000);
        // A long of ns spans the years 1677 to 2262: always four digits.
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(27).append(time.getYear());
        pad(out.append('-'), time.getMonthValue(), 2);
        pad(out.append('-'), time.getDayOfMonth(), 2);
        pad(out.append('T'), time.getHour(), 2);
        pad(out.append(':'), time.getMinute(), 2);
        pad(out.append(':'), time.getSecond(), 2);
        pad(out.append('.'), micros, 6);
        return out.append('Z').toString();
    }

    private static void pad(StringBuilder out, int value, int digits) {
        for (int limit = 10, i = 1; i < digits; i++, limit *= 10) {
            if (value < limit) {
                out.append('0');
            }
        }
        out.append(value);
    }
}
