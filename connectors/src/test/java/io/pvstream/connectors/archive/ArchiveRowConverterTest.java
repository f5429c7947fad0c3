package io.pvstream.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class ArchiveRowConverterTest {

    private static final String ROW = """
            {"pv_name":"SR:DCCT","sample_time":"2026-11-23T03:12:00.123456Z","sample_ns":1795403520123456789,\
            "changes":"VALUE,SEVERITY","value_kind":"double","value_num":401.5,"value_text":null,"value_json":null,\
            "severity":"MINOR","status":"HIGH","connected":true}""";

    private final ArchiveRowConverter converter = converter();

    private static ArchiveRowConverter converter() {
        ArchiveRowConverter converter = new ArchiveRowConverter();
        converter.configure(Map.of(), false);
        return converter;
    }

    @Test
    void aRowGetsThePvArchiveSchemaWithAZonedTimestamp() {
        SchemaAndValue converted = converter.toConnectData("pv.archive", ROW.getBytes(StandardCharsets.UTF_8));

        Struct row = (Struct) converted.value();
        assertThat(converted.schema().field("sample_time").schema().name())
                .isEqualTo("io.debezium.time.ZonedTimestamp");
        assertThat(row.getString("pv_name")).isEqualTo("SR:DCCT");
        assertThat(row.getString("sample_time")).isEqualTo("2026-11-23T03:12:00.123456Z");
        assertThat(row.getInt64("sample_ns")).isEqualTo(1795403520123456789L);
        assertThat(row.getString("changes")).isEqualTo("VALUE,SEVERITY");
        assertThat(row.getFloat64("value_num")).isEqualTo(401.5);
        assertThat(row.getString("value_text")).isNull();
        assertThat(row.getString("severity")).isEqualTo("MINOR");
        assertThat(row.getBoolean("connected")).isTrue();
    }

    @Test
    void aDisconnectionHasNoValue() {
        String gap = """
                {"pv_name":"A","sample_time":"2026-11-23T03:12:00.000000Z","sample_ns":1795403520000000000,\
                "changes":"CONNECTION","value_kind":null,"value_num":null,"value_text":null,"value_json":null,\
                "severity":null,"status":null,"connected":false}""";

        Struct row = (Struct) converter.toConnectData("pv.archive", gap.getBytes(StandardCharsets.UTF_8)).value();

        assertThat(row.getString("value_kind")).isNull();
        assertThat(row.getFloat64("value_num")).isNull();
        assertThat(row.getBoolean("connected")).isFalse();
    }

    @Test
    void whatIsNotARowFailsAsDataSoItGoesToTheDeadLetterQueue() {
        assertThatThrownBy(() -> converter.toConnectData("pv.archive", "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> converter.toConnectData("pv.archive", "[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> converter.toConnectData("pv.archive",
                "{\"pv_name\":\"A\",\"connected\":true}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class).hasMessageContaining("sample_time");
    }

    @Test
    void aRowWrittenBackReadsTheSame() {
        SchemaAndValue converted = converter.toConnectData("pv.archive", ROW.getBytes(StandardCharsets.UTF_8));

        byte[] written = converter.fromConnectData("pv.archive", converted.schema(), converted.value());

        assertThat(converter.toConnectData("pv.archive", written).value()).isEqualTo(converted.value());
        assertThat(converter.toConnectData("pv.archive", null)).isEqualTo(SchemaAndValue.NULL);
    }
}
