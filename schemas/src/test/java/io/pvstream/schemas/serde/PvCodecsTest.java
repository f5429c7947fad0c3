package io.pvstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.MonitorEvent;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvProtocol;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.avro.StringArray;

/** The hand-written codecs write exactly what Avro's own writer writes, and read it back, for every shape. */
class PvCodecsTest {

    private static final Object[] KINDS = {2.5, Double.NaN, -7L, "text µ", "", new EnumValue(2, "Open"),
            new EnumValue(0, null), new DoubleArray(List.of()), new DoubleArray(List.of(1.0, -0.0, 3e300)),
            new LongArray(List.of(1L, Long.MIN_VALUE)), new StringArray(List.of("a", "", "ü"))};

    private static List<PvValue> values() {
        List<PvValue> values = new ArrayList<>();
        int i = 0;
        for (Object kind : KINDS) {
            values.add(PvValue.newBuilder().setName("SIM:" + i).setTimestampNs(1_700_000_000_123_456_789L + i)
                    .setValue(kind).setSeverity(Severity.values()[i % 4])
                    .setStatus(AlarmStatus.values()[i++ % AlarmStatus.values().length]).build());
        }
        return values;
    }

    private static PvMeta fullMeta() {
        return PvMeta.newBuilder().setName("SIM:M").setType(DbrType.ENUM).setCount(3).setUnits("mA").setPrecision(4)
                .setDisplayLow(0.0).setDisplayHigh(10.0).setAlarmLoLo(1.0).setAlarmLow(2.0).setAlarmHigh(8.0)
                .setAlarmHiHi(9.0).setControlLow(-1.0).setControlHigh(11.0).setEnumLabels(List.of("Off", "On"))
                .setReadAccess(false).setWriteAccess(true).build();
    }

    private static PvConnection connection(boolean full) {
        PvConnection.Builder c = PvConnection.newBuilder().setName("SIM:C").setConnected(full).setSinceNs(42L);
        return full ? c.setServer("127.0.0.1:5064").setInstance("i-1").setError("too big").build() : c.build();
    }

    @Test
    void valuesOfEveryKindEncodeAsAvroDoes() {
        values().forEach(value -> assertSameAsAvro(Serdes.PV_VALUE, PvValue.class, value));
    }

    @Test
    void metadataConnectionsAndConfigsEncodeAsAvroDoes() {
        assertSameAsAvro(Serdes.PV_META, PvMeta.class, fullMeta());
        assertSameAsAvro(Serdes.PV_META, PvMeta.class, PvMeta.newBuilder().setName("SIM:N").setType(DbrType.STRING)
                .setCount(1).build());
        assertSameAsAvro(Serdes.PV_CONNECTION, PvConnection.class, connection(true));
        assertSameAsAvro(Serdes.PV_CONNECTION, PvConnection.class, connection(false));
        assertSameAsAvro(Serdes.PV_CONFIG, PvConfig.class, PvConfig.newBuilder().setName("SIM:F").build());
        assertSameAsAvro(Serdes.PV_CONFIG, PvConfig.class, PvConfig.newBuilder().setName("SIM:F").setDeadband(0.5)
                .setArchiveDeadband(1.5).setMonitorMask(List.of(MonitorEvent.ARCHIVE, MonitorEvent.PROPERTY))
                .setReadbackPv("SIM:RB").setTags(List.of("a", "b")).setProtocol(PvProtocol.PVA).build());
    }

    @Test
    void statesAndDiffsEncodeAsAvroDoes() {
        PvValue value = values().get(5);
        assertSameAsAvro(Serdes.PV_STATE, PvState.class, new PvState("SIM:S", null, null, null, null, null, null));
        assertSameAsAvro(Serdes.PV_STATE, PvState.class,
                new PvState("SIM:S", value, fullMeta(), connection(true), 1L, 2L, 3L));
        AvroSerde<PvDiffState> diffStates = AvroSerde.of(PvDiffState.class);
        AvroSerde<PvDiff> diffs = AvroSerde.of(PvDiff.class);
        PvDiffState empty = new PvDiffState(null, null);
        PvDiffState full = new PvDiffState(value, connection(false));
        assertSameAsAvro(diffStates, PvDiffState.class, empty);
        assertSameAsAvro(diffStates, PvDiffState.class, full);
        assertSameAsAvro(diffs, PvDiff.class, new PvDiff("SIM:D", null, full, List.of(PvChange.FIRST)));
        assertSameAsAvro(diffs, PvDiff.class, new PvDiff("SIM:D", empty, full,
                List.of(PvChange.VALUE, PvChange.SEVERITY, PvChange.CONNECTION)));
    }

    private static <T extends SpecificRecord> void assertSameAsAvro(AvroSerde<T> serde, Class<T> type, T record) {
        SpecificData model = SpecificData.getForClass(type);
        BinaryMessageEncoder<T> avroEncoder = new BinaryMessageEncoder<>(model, model.getSchema(type));
        BinaryMessageDecoder<T> avroDecoder = new BinaryMessageDecoder<>(model, model.getSchema(type));
        try {
            ByteBuffer avro = avroEncoder.encode(record);
            byte[] expected = new byte[avro.remaining()];
            avro.get(expected);

            byte[] ours = serde.serialize("t", record);

            assertThat(ours).as("bytes of %s", record).isEqualTo(expected);
            assertThat(serde.deserialize("t", expected)).as("read back").isEqualTo(avroDecoder.decode(expected));
            assertThat(serde.deserialize("t", ours).toString()).isEqualTo(record.toString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
