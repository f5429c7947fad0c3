package io.pvstream.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.serde.Serdes;

class RecordJsonTest {

    private final RecordJson json = new RecordJson(SchemaCatalog.get());

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAvroValueBecomesPlainJsonWithNanAsAString() {
        PvValue value = PvValue.newBuilder().setName("WF\"1").setTimestampNs(7L)
                .setValue(new DoubleArray(List.of(1.0, Double.NaN, Double.NEGATIVE_INFINITY)))
                .setSeverity(Severity.NO_ALARM).setStatus(AlarmStatus.NO_ALARM).build();
        String line = json.line("pv.values", 2, 40, 99, utf8("WF\"1"), Serdes.PV_VALUE.serialize("pv.values", value));
        assertThat(line).isEqualTo("{\"topic\":\"pv.values\",\"partition\":2,\"offset\":40,\"timestamp\":99,"
                + "\"key\":\"WF\\\"1\",\"value\":{\"name\":\"WF\\\"1\",\"timestampNs\":7,"
                + "\"value\":{\"values\":[1.0,\"NaN\",\"-Infinity\"]},\"severity\":\"NO_ALARM\",\"status\":\"NO_ALARM\"}}");
    }

    @Test
    void tombstonesJsonTextAndUnknownSchemas() {
        assertThat(json.line("pv.config", 0, 1, 2, utf8("A"), null)).endsWith("\"key\":\"A\",\"value\":null}");
        assertThat(json.line("pv.archive", 0, 1, 2, utf8("A"), utf8("{\"schema\":{},\"payload\":{\"v\":1}}")))
                .endsWith("\"value\":{\"schema\":{},\"payload\":{\"v\":1}}}");
        assertThat(json.line("x", 0, 1, 2, null, utf8("plain\ttext"))).endsWith("\"key\":null,\"value\":\"plain\\ttext\"}");
        byte[] unknown = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 42};
        assertThat(json.line("pv.values", 0, 1, 2, utf8("A"), unknown))
                .contains("\"valueError\":\"unknown schema fingerprint 0807060504030201");
    }
}
