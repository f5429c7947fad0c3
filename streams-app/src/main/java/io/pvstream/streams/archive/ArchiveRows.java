package io.pvstream.streams.archive;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /** Always six fraction digits and the seconds (OffsetDateTime.toString would drop zeros). */
    private static final DateTimeFormatter SAMPLE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The schema half of every record: the same for all, so it is built once. */
    private static final ObjectNode SCHEMA = schema();

    private ArchiveRows() {
    }

    /** The Connect JSON of one sample. */
    public static String json(ArchiveSample sample) {
        ObjectNode payload = NODES.objectNode();
        payload.put("pv_name", sample.pv());
        payload.put("sample_time", sampleTime(sample.sampleNs()));
        payload.put("sample_ns", sample.sampleNs());
        payload.put("changes", sample.changes());
        payload.put("value_kind", sample.kind());
        payload.put("value_num", sample.num());
        payload.put("value_text", sample.text());
        payload.put("value_json", sample.json());
        payload.put("severity", sample.severity());
        payload.put("status", sample.status());
        payload.put("connected", sample.connected());
        ObjectNode envelope = NODES.objectNode();
        envelope.set("schema", SCHEMA);
        envelope.set("payload", payload);
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    /** ISO-8601 in UTC, cut to microseconds (what timestamptz holds), e.g. {@code 2026-11-23T03:12:00.123456Z}. */
    static String sampleTime(long sampleNs) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(sampleNs, 1_000_000_000L),
                Math.floorMod(sampleNs, 1_000_000_000L)).truncatedTo(ChronoUnit.MICROS);
        return SAMPLE_TIME.format(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
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

    private static ObjectNode field(String name, String type, boolean optional) {
        return NODES.objectNode().put("field", name).put("type", type).put("optional", optional);
    }
}
