package io.pvstream.ingest.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import gov.aps.jca.Monitor;
import gov.aps.jca.dbr.DBRType;
import io.pvstream.schemas.avro.MonitorEvent;

class CaTypesTest {

    private static final List<DBRType> NATIVE = List.of(DBRType.DOUBLE, DBRType.FLOAT, DBRType.INT,
            DBRType.SHORT, DBRType.BYTE, DBRType.ENUM, DBRType.STRING);

    @Test
    void timeAndCtrlTypesMatchTheNativeType() {
        for (DBRType type : NATIVE) {
            DBRType time = CaTypes.timeTypeOf(type);
            DBRType ctrl = CaTypes.ctrlTypeOf(type);
            assertThat(time.isTIME()).as("TIME for %s", type).isTrue();
            assertThat(ctrl.isCTRL() || ctrl == DBRType.CTRL_ENUM || ctrl == DBRType.CTRL_STRING)
                    .as("CTRL for %s", type).isTrue();
            assertThat(MetaConverter.dbrTypeOf(time)).isEqualTo(MetaConverter.dbrTypeOf(type));
            assertThat(MetaConverter.dbrTypeOf(ctrl)).isEqualTo(MetaConverter.dbrTypeOf(type));
        }
    }

    @Test
    void payloadBoundGrowsWithCountAndElementSize() {
        assertThat(CaTypes.timePayloadBytes(DBRType.DOUBLE, 1000)).isGreaterThan(8000).isLessThan(8100);
        assertThat(CaTypes.timePayloadBytes(DBRType.BYTE, 1000)).isGreaterThan(1000).isLessThan(1100);
        assertThat(CaTypes.timePayloadBytes(DBRType.STRING, 10)).isGreaterThan(400);
        // CAJ's default 16384 bytes cannot carry a 2048-element double waveform with its TIME header
        assertThat(CaTypes.timePayloadBytes(DBRType.DOUBLE, 2048)).isGreaterThan(16384);
    }

    @Test
    void monitorMaskFollowsConfiguredEvents() {
        assertThat(MonitorMasks.of(List.of(MonitorEvent.VALUE, MonitorEvent.ALARM)))
                .isEqualTo(Monitor.VALUE | Monitor.ALARM);
        assertThat(MonitorMasks.of(List.of(MonitorEvent.ARCHIVE))).isEqualTo(Monitor.LOG);
        assertThat(MonitorMasks.of(List.of())).isEqualTo(MonitorMasks.DEFAULT);
        assertThat(MonitorMasks.of(List.of(MonitorEvent.PROPERTY))).isEqualTo(MonitorMasks.DEFAULT);
        assertThat(MonitorMasks.of(null)).isEqualTo(MonitorMasks.DEFAULT);
    }
}
