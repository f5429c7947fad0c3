package io.pvstream.schemas.catalog;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * A decoded Avro datum as plain JSON for jq: records are objects, unions are their branch's value (not Avro's
 * {@code {"double": 1.0}} wrapping), enums their symbol, bytes base64. JSON has no NaN or infinity, so those
 * doubles are the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 */
public final class AvroJson {

    private AvroJson() {
    }

    public static String toJson(Object datum) {
        StringBuilder out = new StringBuilder();
        write(datum, out);
        return out.toString();
    }

    public static void write(Object datum, StringBuilder out) {
        if (datum == null) {
            out.append("null");
        } else if (datum instanceof IndexedRecord record) {
            writeRecord(record, out);
        } else if (datum instanceof Map<?, ?> map) {
            writeMap(map, out);
        } else if (datum instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                out.append(first ? "" : ",");
                first = false;
                write(item, out);
            }
            out.append(']');
        } else if (datum instanceof Double || datum instanceof Float) {
            writeFloating(((Number) datum).doubleValue(), out);
        } else if (datum instanceof Number || datum instanceof Boolean) {
            out.append(datum);
        } else if (datum instanceof ByteBuffer bytes) {
            string(Base64.getEncoder().encodeToString(copy(bytes)), out);
        } else if (datum instanceof GenericFixed fixed) {
            string(Base64.getEncoder().encodeToString(fixed.bytes()), out);
        } else if (datum instanceof GenericEnumSymbol<?> symbol) {
            string(symbol.toString(), out);
        } else {
            string(datum.toString(), out); // String, Utf8
        }
    }

    private static void writeRecord(IndexedRecord record, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Schema.Field field : record.getSchema().getFields()) {
            out.append(first ? "" : ",");
            first = false;
            string(field.name(), out);
            out.append(':');
            write(record.get(field.pos()), out);
        }
        out.append('}');
    }

    private static void writeMap(Map<?, ?> map, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            string(String.valueOf(entry.getKey()), out);
            out.append(':');
            write(entry.getValue(), out);
        }
        out.append('}');
    }

    private static void writeFloating(double value, StringBuilder out) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            string(Double.toString(value), out);
        } else {
            out.append(value);
        }
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /**
     * A JSON string literal (RFC 8259 escapes). Runs of characters that need no escape are appended whole: the archive
     * writes one row of these per archived update.
     */
    public static void string(String text, StringBuilder out) {
        out.append('"');
        int plain = 0; // where the run of characters not yet appended starts
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c)); // another control character
            }
        }
        out.append(text, plain, text.length());
        out.append('"');
    }
}
