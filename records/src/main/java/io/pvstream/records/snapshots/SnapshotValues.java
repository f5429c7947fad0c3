package io.pvstream.records.snapshots;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.records.IsoTime;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.StringArray;

/** Conversions of saved values: from the latest-value store, to a write command, to the API's JSON. Pure. */
public final class SnapshotValues {

    static final String DOUBLE = "double";
    static final String LONG = "long";
    static final String STRING = "string";
    static final String ENUM = "enum";
    static final String DOUBLE_ARRAY = "double_array";
    static final String LONG_ARRAY = "long_array";
    static final String STRING_ARRAY = "string_array";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SnapshotValues() {
    }

    /** What a snapshot saves of {@code pv} whose stored state is {@code state} (null: never seen). */
    public static SnapshotValue of(String pv, PvState state) {
        PvValue value = state == null ? null : state.getValue();
        if (value == null) {
            return new SnapshotValue(pv, SavedState.NEVER_SEEN, null, null, null, null, null, null, null, null, null,
                    false);
        }
        PvConnection connection = state.getConnection();
        SavedState saved = connection != null && !connection.getConnected() ? SavedState.DISCONNECTED : SavedState.OK;
        Object raw = value.getValue();
        String kind;
        Double num = null;
        String text = null;
        String json = null;
        if (raw instanceof Double d) {
            kind = DOUBLE;
            if (Double.isFinite(d)) {
                num = d;
            } else {
                text = d.toString(); // NaN, Infinity: not a JSON number, so not a value_num a JSON sink can carry
            }
        } else if (raw instanceof Long l) {
            kind = LONG;
            num = l.doubleValue();
        } else if (raw instanceof EnumValue e) {
            kind = ENUM;
            num = (double) e.getIndex();
            text = e.getLabel() != null ? e.getLabel() : label(state, e.getIndex());
        } else if (raw instanceof DoubleArray a) {
            kind = DOUBLE_ARRAY;
            json = write(a.getValues());
        } else if (raw instanceof LongArray a) {
            kind = LONG_ARRAY;
            json = write(a.getValues());
        } else if (raw instanceof StringArray a) {
            kind = STRING_ARRAY;
            json = write(a.getValues());
        } else {
            kind = STRING;
            text = String.valueOf(raw);
        }
        return new SnapshotValue(pv, saved, kind, num, text, json, value.getTimestampNs(), value.getSeverity().name(),
                value.getStatus().name(), null, null, false);
    }

    /** The value as the Avro union of {@code PvValue.value} / {@code PvWrite.value}. */
    public static Object avroValue(SnapshotValue saved) {
        return switch (saved.kind()) {
            case DOUBLE -> doubleOf(saved);
            case LONG -> saved.num().longValue();
            case STRING -> saved.text();
            case ENUM -> new EnumValue(saved.num().intValue(), saved.text());
            case DOUBLE_ARRAY -> new DoubleArray(read(saved.json(), new TypeReference<List<Double>>() { }));
            case LONG_ARRAY -> new LongArray(read(saved.json(), new TypeReference<List<Long>>() { }));
            case STRING_ARRAY -> new StringArray(read(saved.json(), new TypeReference<List<String>>() { }));
            default -> throw new IllegalArgumentException("unknown value kind " + saved.kind());
        };
    }

    /** Numbers of the value (the element(s), the enum index); empty for strings. For comparisons. */
    static double[] numbers(SnapshotValue saved) {
        return switch (saved.kind()) {
            case DOUBLE -> new double[] {doubleOf(saved)};
            case LONG, ENUM -> new double[] {saved.num()};
            case DOUBLE_ARRAY, LONG_ARRAY ->
                    read(saved.json(), new TypeReference<List<Double>>() { }).stream().mapToDouble(Double::doubleValue)
                            .toArray();
            default -> null;
        };
    }

    /** The API's JSON of one saved PV. */
    public static ObjectNode view(SnapshotValue saved) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", saved.pv());
        node.put("state", saved.state().json());
        node.set("value", apiValue(saved));
        node.put("kind", saved.kind());
        node.put("timestamp", saved.timestampNs() == null ? null : IsoTime.format(saved.timestampNs()));
        node.put("severity", saved.severity());
        node.put("status", saved.status());
        node.put("toleranceAbs", saved.toleranceAbs());
        node.put("toleranceRel", saved.toleranceRel());
        node.put("readOnly", saved.readOnly());
        return node;
    }

    /** Writes {@link #view} of {@code saved}, the same JSON, without a tree: a whole read writes 40,000 of them. */
    public static void writeView(SnapshotValue saved, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("name", saved.pv());
        out.writeStringField("state", saved.state().json());
        out.writeFieldName("value");
        writeApiValue(saved, out);
        out.writeStringField("kind", saved.kind());
        out.writeStringField("timestamp", saved.timestampNs() == null ? null : IsoTime.format(saved.timestampNs()));
        out.writeStringField("severity", saved.severity());
        out.writeStringField("status", saved.status());
        writeNumberField(out, "toleranceAbs", saved.toleranceAbs());
        writeNumberField(out, "toleranceRel", saved.toleranceRel());
        out.writeBooleanField("readOnly", saved.readOnly());
        out.writeEndObject();
    }

    private static void writeApiValue(SnapshotValue saved, JsonGenerator out) throws IOException {
        if (!saved.hasValue()) {
            out.writeNull();
            return;
        }
        switch (saved.kind()) {
            case DOUBLE -> {
                if (saved.num() != null) {
                    out.writeNumber(saved.num());
                } else {
                    out.writeString(saved.text());
                }
            }
            case LONG -> out.writeNumber(saved.num().longValue());
            case STRING -> out.writeString(saved.text());
            case ENUM -> {
                out.writeStartObject();
                out.writeNumberField("index", saved.num().intValue());
                out.writeStringField("label", saved.text());
                out.writeEndObject();
            }
            default -> out.writeTree(readTree(saved.json())); // as the tree has it, whatever spacing the database kept
        }
    }

    private static void writeNumberField(JsonGenerator out, String name, Double value) throws IOException {
        if (value == null) {
            out.writeNullField(name);
        } else {
            out.writeNumberField(name, value);
        }
    }

    /** number, string, {@code {"index","label"}} or array, as the PV endpoints show values; null without one. */
    public static JsonNode apiValue(SnapshotValue saved) {
        if (!saved.hasValue()) {
            return JsonNodeFactory.instance.nullNode();
        }
        return switch (saved.kind()) {
            case DOUBLE -> saved.num() != null ? JsonNodeFactory.instance.numberNode(saved.num())
                    : JsonNodeFactory.instance.textNode(saved.text()); // "NaN", as the PV endpoints show it
            case LONG -> JsonNodeFactory.instance.numberNode(saved.num().longValue());
            case STRING -> JsonNodeFactory.instance.textNode(saved.text());
            case ENUM -> JsonNodeFactory.instance.objectNode().put("index", saved.num().intValue())
                    .put("label", saved.text());
            default -> readTree(saved.json());
        };
    }

    /** The value as one CSV/readable text: numbers as Java prints them, arrays as JSON. */
    public static String text(SnapshotValue saved) {
        if (!saved.hasValue()) {
            return "";
        }
        return switch (saved.kind()) {
            case DOUBLE -> Double.toString(doubleOf(saved));
            case LONG -> Long.toString(saved.num().longValue());
            case STRING, ENUM -> saved.text() == null ? Integer.toString(saved.num().intValue()) : saved.text();
            default -> saved.json();
        };
    }

    /** A double value: finite ones are in {@code num}, NaN and the infinities in {@code text}. */
    static double doubleOf(SnapshotValue saved) {
        return saved.num() != null ? saved.num() : Double.parseDouble(saved.text());
    }

    private static String label(PvState state, int index) {
        if (state.getMeta() == null) {
            return null;
        }
        List<String> labels = state.getMeta().getEnumLabels();
        return index >= 0 && index < labels.size() ? labels.get(index) : null;
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a saved array is not JSON", e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a saved array is not JSON", e);
        }
    }
}
