package io.pvstream.connectors.archive;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Renders a {@code pv_archive} row ({@link ArchiveRowConverter#ROW}) as one line of PostgreSQL's CSV {@code COPY}
 * format, columns in {@link #COLUMNS} order: text quoted (a quote doubled), a null as an empty unquoted field,
 * which COPY reads as NULL (a quoted empty string stays an empty string). Pure.
 */
final class ArchiveCsv {

    /** The table's columns, in the order of {@link ArchiveRowConverter#ROW} and of each line. */
    static final String COLUMNS = String.join(", ",
            ArchiveRowConverter.ROW.fields().stream().map(Field::name).toList());

    private ArchiveCsv() {
    }

    /** Appends the row and a newline. */
    static void append(Struct row, StringBuilder out) {
        boolean first = true;
        for (Field field : ArchiveRowConverter.ROW.fields()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Object value = row.get(field);
            if (value instanceof String text) {
                quoted(text, out);
            } else if (value != null) {
                out.append(value); // a long, a finite double or a boolean: the form PostgreSQL reads
            }
        }
        out.append('\n');
    }

    private static void quoted(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }
}
