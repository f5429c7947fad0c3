package io.pvstream.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class ArchiveCsvTest {

    private static Struct row(String text, Double num) {
        return new Struct(ArchiveRowConverter.ROW).put("pv_name", "SR:\"Q\"").put("sample_time",
                "2026-11-23T03:12:00.123456Z").put("sample_ns", 1795403520123456789L).put("changes", "VALUE")
                .put("value_kind", text == null ? "double" : "string").put("value_num", num).put("value_text", text)
                .put("value_json", null).put("severity", "NO_ALARM").put("status", "NO_ALARM").put("connected", true);
    }

    @Test
    void textIsQuotedWithQuotesDoubledAndNullIsAnEmptyUnquotedField() {
        StringBuilder out = new StringBuilder();

        ArchiveCsv.append(row("a, \"b\"\nc", null), out);

        assertThat(out).hasToString("\"SR:\"\"Q\"\"\",\"2026-11-23T03:12:00.123456Z\",1795403520123456789,\"VALUE\","
                + "\"string\",,\"a, \"\"b\"\"\nc\",,\"NO_ALARM\",\"NO_ALARM\",true\n");
    }

    @Test
    void anEmptyStringStaysAnEmptyStringNotANull() {
        StringBuilder out = new StringBuilder();

        ArchiveCsv.append(row("", 2.5), out);

        assertThat(out.toString()).contains(",2.5,\"\",,");
    }

    @Test
    void theColumnsAreTheTablesInRowOrder() {
        assertThat(ArchiveCsv.COLUMNS).isEqualTo("pv_name, sample_time, sample_ns, changes, value_kind, value_num, "
                + "value_text, value_json, severity, status, connected");
    }
}
