package io.pvstream.records.snapshots;

/** RFC 4180 fields: quoted when they hold a comma, a quote or a line break. */
public final class Csv {

    private Csv() {
    }

    public static String field(String text) {
        if (text == null) {
            return "";
        }
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    public static String number(Double value) {
        return value == null ? "" : Double.toString(value);
    }
}
