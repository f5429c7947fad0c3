package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.pvstream.connectors.OpsRowConverter;
import io.pvstream.connectors.ValidateOpsRow;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.ops.OpsTables;
import io.pvstream.schemas.ops.OpsTables.Column;
import io.pvstream.schemas.ops.OpsTables.Table;
import io.pvstream.streams.ops.ApplyRows;

/**
 * The contract between the two ends of {@code ops.apply.<table>}: what the Streams app writes ({@link ApplyRows}) is
 * what the operations sink's converter ({@link OpsRowConverter}) and row check ({@link ValidateOpsRow}) read back,
 * column for column, for every table. {@code OpsEndToEndTest} runs the same path through a real worker.
 */
class ApplyRowsContractTest {

    static Iterable<Table> tables() {
        return OpsTables.ALL;
    }

    @ParameterizedTest
    @MethodSource("tables")
    void everyRowTheStreamsAppWritesIsReadBackAsTheSameColumns(Table table) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (Column column : table.columns()) {
            columns.put(column.name(), switch (column.type()) {
                case STRING -> "v-" + column.name() + " \"quoted\" \\ µ";
                case INT64 -> 1_790_000_000_123_456_789L;
                case FLOAT64 -> 0.1;
                case BOOLEAN -> true;
                case TIMESTAMP -> 1_700_000_000_123L;
            });
        }
        ApplyRows.ApplyRecord written = ApplyRows.of(new OpsRow(table.name(), columns));

        String topic = Topics.opsApplyTopic(table.name());
        SchemaAndValue key = converter(true).toConnectData(topic, written.keyJson().getBytes(StandardCharsets.UTF_8));
        SchemaAndValue value = converter(false).toConnectData(topic,
                written.valueJson().getBytes(StandardCharsets.UTF_8));

        Struct row = (Struct) value.value();
        for (Column column : table.columns()) {
            Object expected = column.type() == OpsTables.ColumnType.TIMESTAMP
                    ? new Date((Long) columns.get(column.name())) : columns.get(column.name());
            assertThat(row.get(column.name())).as(column.name()).isEqualTo(expected);
        }
        table.primaryKey().forEach(column ->
                assertThat(((Struct) key.value()).get(column)).as("key " + column).isEqualTo(columns.get(column)));
        SinkRecord record = new SinkRecord(table.name(), 0, key.schema(), key.value(), value.schema(), value.value(), 0);
        assertThat(new ValidateOpsRow().apply(record)).isSameAs(record);
    }

    private static OpsRowConverter converter(boolean isKey) {
        OpsRowConverter converter = new OpsRowConverter();
        converter.configure(Map.of(), isKey);
        return converter;
    }
}
