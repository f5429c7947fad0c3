package io.pvstream.ingest.pva;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.epics.pva.data.PVAData;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVAFloatArray;
import org.epics.pva.data.PVAInt;
import org.epics.pva.data.PVAIntArray;
import org.epics.pva.data.PVAShort;
import org.epics.pva.data.PVAString;
import org.epics.pva.data.PVAStringArray;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVAEnum;
import org.epics.pva.data.nt.PVATimeStamp;
import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.avro.StringArray;

/** NT structures as QSRV serves them → the records a CA update of the same record gives. */
class NtValuesTest {

    private static final Instant STAMP = Instant.parse("2026-12-06T12:00:00.123456789Z");

    private static PVAStructure nt(String type, PVAData value, PVAData... more) {
        PVAData[] fields = new PVAData[3 + more.length];
        fields[0] = value;
        fields[1] = new PVAStructure("alarm", "alarm_t", new PVAInt("severity", 2), new PVAInt("status", 3),
                new PVAString("message", "LOLO"));
        fields[2] = new PVATimeStamp(STAMP);
        System.arraycopy(more, 0, fields, 3, more.length);
        return new PVAStructure("", type, fields);
    }

    @Test
    void anNtScalarIsValueTimestampAndTheCaAlarm() {
        PvValue value = NtValues.toPvValue("pva://X", nt("epics:nt/NTScalar:1.0", new PVADouble("value", 2.5)));
        assertThat(value.getName()).isEqualTo("pva://X");
        assertThat(value.getValue()).isEqualTo(2.5);
        assertThat(value.getTimestampNs()).as("POSIX time, no EPICS epoch offset")
                .isEqualTo(STAMP.getEpochSecond() * 1_000_000_000L + STAMP.getNano());
        assertThat(value.getSeverity()).isEqualTo(Severity.MAJOR);
        assertThat(value.getStatus()).isEqualTo(AlarmStatus.LOLO);
    }

    @Test
    void integersAreLongsArraysTheirAvroWrappersAndEnumsIndexAndLabel() {
        assertThat(NtValues.valueOf(new PVAShort("value", false, (short) -3))).isEqualTo(-3L);
        assertThat(NtValues.valueOf(new PVAIntArray("value", false, 1, 2))).isEqualTo(new LongArray(List.of(1L, 2L)));
        assertThat(NtValues.valueOf(new PVAFloatArray("value", 0.5f))).isEqualTo(new DoubleArray(List.of(0.5)));
        assertThat(NtValues.valueOf(new PVAStringArray("value", "a", "b"))).isEqualTo(new StringArray(List.of("a", "b")));
        assertThat(NtValues.valueOf(new PVAEnum("value", 1, new String[] {"Off", "On"}))).isEqualTo(new EnumValue(1, "On"));
        assertThat(NtValues.valueOf(new PVAEnum("value", 5, new String[] {"Off", "On"})))
                .as("an index beyond the choices has no label").isEqualTo(new EnumValue(5, null));
    }

    @Test
    void onlyNtScalarNtScalarArrayAndNtEnumWithAValueAreMapped() {
        assertThat(NtValues.unmappedReason(nt("epics:nt/NTScalar:1.0", new PVADouble("value", 1)))).isNull();
        assertThat(NtValues.unmappedReason(nt("epics:nt/NTScalarArray:1.0", new PVAIntArray("value", false, 1))))
                .isNull();
        assertThat(NtValues.unmappedReason(nt("epics:nt/NTEnum:1.0", new PVAEnum("value", 0, new String[] {"a"}))))
                .isNull();
        assertThat(NtValues.unmappedReason(nt("epics:nt/NTNDArray:1.0", new PVADouble("value", 1))))
                .contains("epics:nt/NTNDArray:1.0");
        assertThat(NtValues.unmappedReason(new PVAStructure("", "", new PVADouble("value", 1))))
                .contains("(no type id)");
        assertThat(NtValues.unmappedReason(new PVAStructure("", "epics:nt/NTScalar:1.0", new PVADouble("other", 1))))
                .as("no value field").isNotNull();
    }

    @Test
    void metadataOfAnEnumHasItsLabelsAndNoUnits() {
        PVAStructure data = nt("epics:nt/NTEnum:1.0", new PVAEnum("value", 0, new String[] {"Off", "On"}));
        PvMeta meta = NtMeta.toPvMeta("E", data, NtValues.valueOf(data.get("value")), true);
        assertThat(meta.getType()).isEqualTo(DbrType.ENUM);
        assertThat(meta.getEnumLabels()).containsExactly("Off", "On");
        assertThat(meta.getUnits()).isNull();
        assertThat(meta.getWriteAccess()).isTrue();
        assertThat(meta.getCount()).isEqualTo(1);
    }
}
