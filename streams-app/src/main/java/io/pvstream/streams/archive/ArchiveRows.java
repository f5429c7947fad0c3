package io.pvstream.streams.archive;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.schemas.catalog.AvroJson;

/**
 * Renders an {@link ArchiveSample} as the record value the archive JDBC sink writes: Kafka Connect's JsonConverter
 * format with schemas, {@code {"schema":{...},"payload":{...}}}, one field per column of {@code pv_archive}. The sink
 * upserts by {@code (pv_name, sample_time)} taken from the value ({@code primary.key.mode=record_value}), so the
 * record key stays the plain PV name and pv.archive is partitioned like every PV topic.
 *
 * <p>Why {@code sample_time} is a Debezium {@code ZonedTimestamp} (ISO-8601 text) and not Connect's
 * {@code Timestamp}: Connect's is milliseconds, PostgreSQL keeps microseconds and EPICS has nanoseconds. The text is
 * cut to microseconds here, so the database holds exactly what this class wrote (the driver would otherwise round);
 * {@code sample_ns} keeps the nanoseconds. Pure and thread-safe.
 */
public final class ArchiveRows {

    /** Debezium's logical type of a time with offset as ISO-8601 text, bound as {@code timestamptz} by the sink. */
    static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Everything up to the first payload field: the schema half is the same for every record, so it is built once. */
    private static final String ENVELOPE_START = "{\"schema\":" + render(schema()) + ",\"payload\":{";

    private ArchiveRows() {
    }

    /** The Connect JSON of one sample. */
    public static String json(ArchiveSample sample) {
        StringBuilder out = new StringBuilder(ENVELOPE_START.length() + 320);
        out.append(ENVELOPE_START);
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
        return out.append("}}").toString();
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
    static String sampleTime(long sampleNs) {
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
        String text = Integer.toString(value);
        for (int i = text.length(); i < digits; i++) {
            out.append('0');
        }
        out.append(text);
    }

    private static ObjectNode schema() {
        ObjectNode schema = NODES.objectNode().put("type", "struct").put("name", "pv_archive").put("optional", false);
        ArrayNode fields = schema.putArray("fields");
        fields.add(field("pv_name", "string", false));
        fields.add(field("sample_time", "string", false).put("name", ZONED_TIMESTAMP).put("version", 1));
        fields.add(field("sample_ns", "int64", false));
        fields.add(field("changes", "string", false));
        fields.add(field("value_kind", "string", true));
        fields.add(field("value_num", "double", true));
        fields.add(field("value_text", "string", true));
        fields.add(field("value_json", "string", true));
        fields.add(field("severity", "string", true));
        fields.add(field("status", "string", true));
        fields.add(field("connected", "boolean", false));
        return schema;
    }

    private static String render(ObjectNode node) {
        try {
            return new ObjectMapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    private static ObjectNode field(String name, String type, boolean optional) {
        return NODES.objectNode().put("field", name).put("type", type).put("optional", optional);
    }
}
