package io.pvstream.records.snapshots;

import org.apache.commons.csv.CSVFormat;

/** Fields of RFC 4180 CSV (commons-csv): quoted when they need it (a comma, a quote, a line break, a leading space). */
public final class Csv {

    private Csv() {
    }

    /** One field; null and the empty string are an empty field. */
    public static String field(String text) {
        return text == null || text.isEmpty() ? "" : CSVFormat.RFC4180.format(text);
    }

    public static String number(Double value) {
        return value == null ? "" : Double.toString(value);
    }
}
