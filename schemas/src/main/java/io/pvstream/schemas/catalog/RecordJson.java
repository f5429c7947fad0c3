package io.pvstream.schemas.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Kafka record of any pvstream topic as one line of JSON:
 * {@code {"topic","partition","offset","timestamp","key","value"}}. An Avro value is decoded with the schema its
 * header names (current or historic, from {@link SchemaCatalog}); a JSON value (Connect, Debezium) is embedded
 * as it is; a tombstone is {@code null}. A value whose schema this jar does not know stays base64, with
 * {@code "valueError"} saying so: a newer platform than the jar, never a reason to stop reading.
 */
public final class RecordJson {

    private final SchemaCatalog catalog;

    public RecordJson(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    public String line(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"topic\":");
        AvroJson.string(topic, out);
        out.append(",\"partition\":").append(partition).append(",\"offset\":").append(offset)
                .append(",\"timestamp\":").append(timestamp).append(",\"key\":");
        if (key == null) {
            out.append("null");
        } else {
            AvroJson.string(new String(key, StandardCharsets.UTF_8), out);
        }
        out.append(",\"value\":");
        appendValue(value, out);
        return out.append('}').toString();
    }

    /** Appends the value as JSON (and, for an unknown schema, a {@code valueError} member after it). */
    private void appendValue(byte[] value, StringBuilder out) {
        if (value == null) {
            out.append("null");
            return;
        }
        OptionalLong fingerprint = SingleObjectRecords.fingerprintOf(value);
        if (fingerprint.isPresent()) {
            Optional<SchemaCatalog.Entry> writer = catalog.byFingerprint(fingerprint.getAsLong());
            if (writer.isPresent()) {
                AvroJson.write(SingleObjectRecords.decode(value, writer.get().schema()), out);
            } else {
                AvroJson.string(Base64.getEncoder().encodeToString(value), out);
                out.append(",\"valueError\":");
                AvroJson.string("unknown schema fingerprint " + SchemaCatalog.hex(fingerprint.getAsLong())
                        + " (a newer pvstream? ask GET /api/v1/schemas/{fingerprint})", out);
            }
            return;
        }
        String text = new String(value, StandardCharsets.UTF_8);
        String trimmed = text.strip();
        if (trimmed.startsWith("{") && trimmed.endsWith("}") || trimmed.startsWith("[") && trimmed.endsWith("]")) {
            out.append(trimmed); // Connect and Debezium JSON: already JSON, keep it queryable
        } else {
            AvroJson.string(text, out);
        }
    }
}
