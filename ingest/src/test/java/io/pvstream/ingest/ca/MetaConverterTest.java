package io.pvstream.ingest.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.DBR_CTRL_Double;
import gov.aps.jca.dbr.DBR_CTRL_Enum;
import gov.aps.jca.dbr.DBR_CTRL_Int;
import gov.aps.jca.dbr.DBR_CTRL_String;
import io.pvstream.ingest.ca.MetaConverter.ChannelFacts;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.PvMeta;

class MetaConverterTest {

    @Test
    void doubleCtrlGivesUnitsPrecisionAndAllLimits() {
        DBR_CTRL_Double ctrl = new DBR_CTRL_Double(new double[] {0});
        ctrl.setUnits("mA");
        ctrl.setPrecision((short) 3);
        ctrl.setLowerDispLimit(-10.0);
        ctrl.setUpperDispLimit(10.0);
        ctrl.setLowerAlarmLimit(-9.0);
        ctrl.setLowerWarningLimit(-8.0);
        ctrl.setUpperWarningLimit(8.0);
        ctrl.setUpperAlarmLimit(9.0);
        ctrl.setLowerCtrlLimit(-5.0);
        ctrl.setUpperCtrlLimit(5.0);

        PvMeta meta = MetaConverter.toPvMeta("PV", ctrl, new ChannelFacts(DBRType.DOUBLE, 1, true, false));

        assertThat(meta.getName()).isEqualTo("PV");
        assertThat(meta.getType()).isEqualTo(DbrType.DOUBLE);
        assertThat(meta.getCount()).isEqualTo(1);
        assertThat(meta.getUnits()).isEqualTo("mA");
        assertThat(meta.getPrecision()).isEqualTo(3);
        assertThat(meta.getDisplayLow()).isEqualTo(-10.0);
        assertThat(meta.getDisplayHigh()).isEqualTo(10.0);
        assertThat(meta.getAlarmLoLo()).isEqualTo(-9.0);
        assertThat(meta.getAlarmLow()).isEqualTo(-8.0);
        assertThat(meta.getAlarmHigh()).isEqualTo(8.0);
        assertThat(meta.getAlarmHiHi()).isEqualTo(9.0);
        assertThat(meta.getControlLow()).isEqualTo(-5.0);
        assertThat(meta.getControlHigh()).isEqualTo(5.0);
        assertThat(meta.getEnumLabels()).isEmpty();
        assertThat(meta.getReadAccess()).isTrue();
        assertThat(meta.getWriteAccess()).isFalse();
    }

    @Test
    void unsetNanLimitIsNull() {
        DBR_CTRL_Double ctrl = new DBR_CTRL_Double(new double[] {0});
        ctrl.setUpperAlarmLimit(Double.NaN);
        PvMeta meta = MetaConverter.toPvMeta("PV", ctrl, new ChannelFacts(DBRType.DOUBLE, 1, true, true));
        assertThat(meta.getAlarmHiHi()).isNull();
    }

    @Test
    void integerCtrlHasNoPrecisionAndTheWaveformCount() {
        DBR_CTRL_Int ctrl = new DBR_CTRL_Int(new int[] {0});
        ctrl.setUnits("counts");
        ctrl.setUpperDispLimit(100);
        PvMeta meta = MetaConverter.toPvMeta("WF", ctrl, new ChannelFacts(DBRType.INT, 2048, true, true));
        assertThat(meta.getType()).isEqualTo(DbrType.LONG);
        assertThat(meta.getCount()).isEqualTo(2048);
        assertThat(meta.getUnits()).isEqualTo("counts");
        assertThat(meta.getDisplayHigh()).isEqualTo(100.0);
        assertThat(meta.getPrecision()).isNull();
        assertThat(meta.getWriteAccess()).isTrue();
    }

    @Test
    void enumCtrlGivesLabelsAndNoUnits() {
        DBR_CTRL_Enum ctrl = new DBR_CTRL_Enum(new short[] {0});
        ctrl.setLabels(new String[] {"Off", "On"});
        PvMeta meta = MetaConverter.toPvMeta("E", ctrl, new ChannelFacts(DBRType.ENUM, 1, true, true));
        assertThat(meta.getType()).isEqualTo(DbrType.ENUM);
        assertThat(meta.getEnumLabels()).containsExactly("Off", "On");
        assertThat(meta.getUnits()).isNull();
        assertThat(meta.getDisplayLow()).isNull();
        assertThat(MetaConverter.labelsOf(ctrl)).isEqualTo(List.of("Off", "On"));
    }

    @Test
    void stringCtrlHasOnlyTypeCountAndAccess() {
        PvMeta meta = MetaConverter.toPvMeta("S", new DBR_CTRL_String(new String[] {""}),
                new ChannelFacts(DBRType.STRING, 1, true, false));
        assertThat(meta.getType()).isEqualTo(DbrType.STRING);
        assertThat(meta.getUnits()).isNull();
        assertThat(meta.getPrecision()).isNull();
        assertThat(meta.getControlHigh()).isNull();
    }

    @Test
    void nativeTypesMapOneToOne() {
        assertThat(MetaConverter.dbrTypeOf(DBRType.DOUBLE)).isEqualTo(DbrType.DOUBLE);
        assertThat(MetaConverter.dbrTypeOf(DBRType.FLOAT)).isEqualTo(DbrType.FLOAT);
        assertThat(MetaConverter.dbrTypeOf(DBRType.INT)).isEqualTo(DbrType.LONG);
        assertThat(MetaConverter.dbrTypeOf(DBRType.SHORT)).isEqualTo(DbrType.SHORT);
        assertThat(MetaConverter.dbrTypeOf(DBRType.BYTE)).isEqualTo(DbrType.CHAR);
        assertThat(MetaConverter.dbrTypeOf(DBRType.ENUM)).isEqualTo(DbrType.ENUM);
        assertThat(MetaConverter.dbrTypeOf(DBRType.STRING)).isEqualTo(DbrType.STRING);
    }
}
