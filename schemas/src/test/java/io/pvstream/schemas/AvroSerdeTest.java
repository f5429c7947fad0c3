package io.pvstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.avro.StringArray;
import io.pvstream.schemas.serde.AvroSerde;
import io.pvstream.schemas.serde.Serdes;

class AvroSerdeTest {

    private static PvValue value(Object v) {
        return PvValue.newBuilder().setName("SIM:PV00001").setTimestampNs(1_700_000_000_123_456_789L)
                .setValue(v).setSeverity(Severity.MINOR).setStatus(AlarmStatus.HIGH).build();
    }

    @Test
    void everyValueVariantRoundTrips() {
        List<Object> variants = List.of(3.25, 42L, "text", new EnumValue(2, "FAULT"),
                new DoubleArray(List.of(1.0, Double.NaN, -0.5)), new LongArray(List.of(1L, 2L)),
                new StringArray(List.of("a", "b")));
        for (Object v : variants) {
            PvValue original = value(v);
            byte[] bytes = Serdes.PV_VALUE.serialize("pv.values", original);
            assertThat(Serdes.PV_VALUE.deserialize("pv.values", bytes)).isEqualTo(original);
        }
    }

    @Test
    void usesSingleObjectEncodingSoNoRegistryIsNeeded() {
        byte[] bytes = Serdes.PV_VALUE.serialize("pv.values", value(1.0));
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
    }

    @Test
    void tombstonesStayNull() {
        assertThat(Serdes.PV_VALUE.serialize("t", null)).isNull();
        assertThat(Serdes.PV_VALUE.deserialize("t", null)).isNull();
    }

    @Test
    void garbageGivesAClearSerializationError() {
        assertThatThrownBy(() -> Serdes.PV_VALUE.deserialize("pv.values", new byte[] {1, 2, 3}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("PvValue").hasMessageContaining("pv.values");
    }

    /** Data written with an older schema (before {@code instance} existed) is read by the current one. */
    @Test
    void newerReaderReadsOlderData() throws Exception {
        Schema older = new Schema.Parser().parse("""
                {"type": "record", "name": "PvConnection", "namespace": "io.pvstream.schemas.avro",
                 "fields": [
                   {"name": "name", "type": "string"},
                   {"name": "connected", "type": "boolean"},
                   {"name": "server", "type": ["null", "string"], "default": null},
                   {"name": "sinceNs", "type": "long"}
                 ]}""");
        GenericRecord old = new GenericData.Record(older);
        old.put("name", "SIM:PV00001");
        old.put("connected", true);
        old.put("server", "127.0.0.1:5064");
        old.put("sinceNs", 12345L);
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old).array();

        AvroSerde<PvConnection> reader = AvroSerde.of(PvConnection.class, List.of(older));
        PvConnection read = reader.deserialize("pv.connections", bytes);

        assertThat(read.getName()).isEqualTo("SIM:PV00001");
        assertThat(read.getConnected()).isTrue();
        assertThat(read.getServer()).isEqualTo("127.0.0.1:5064");
        assertThat(read.getInstance()).isNull(); // the field added later takes its default
    }

    @Test
    void unknownWriterSchemaIsRejectedClearly() throws Exception {
        Schema stranger = new Schema.Parser().parse("""
                {"type": "record", "name": "PvConnection", "namespace": "io.pvstream.schemas.avro",
                 "fields": [{"name": "name", "type": "string"}]}""");
        GenericRecord rec = new GenericData.Record(stranger);
        rec.put("name", "X");
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), stranger).encode(rec).array();
        assertThatThrownBy(() -> Serdes.PV_CONNECTION.deserialize("pv.connections", bytes))
                .isInstanceOf(SerializationException.class);
    }
}
