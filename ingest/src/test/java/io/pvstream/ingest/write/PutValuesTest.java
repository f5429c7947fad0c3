package io.pvstream.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import gov.aps.jca.dbr.DBRType;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.StringArray;

class PutValuesTest {

    private static final List<String> NO_LABELS = List.of();
    private static final List<String> LABELS = List.of("OFF", "ON", "FAULT");

    private static PutValue of(Object target, DBRType type, int count) {
        return PutValues.of(target, type, count, type.isENUM() ? LABELS : NO_LABELS);
    }

    @Test
    void floatingPvsGetTheSavedDoubleAsIs() {
        PutValue put = of(2.75, DBRType.DOUBLE, 1);
        assertThat(put.type()).isEqualTo(DBRType.DOUBLE);
        assertThat((double[]) put.array()).containsExactly(2.75);
        assertThat((double[]) of(3L, DBRType.FLOAT, 1).array()).containsExactly(3.0);
        assertThat((double[]) of("1e-3", DBRType.DOUBLE, 1).array()).containsExactly(0.001);
        assertThat((double[]) of(Double.NaN, DBRType.DOUBLE, 1).array()).containsExactly(Double.NaN);
    }

    @Test
    void integerPvsGetTheirOwnTypeWithinItsRange() {
        assertThat((int[]) of(70000L, DBRType.INT, 1).array()).containsExactly(70000);
        assertThat(of(70000L, DBRType.INT, 1).type()).isEqualTo(DBRType.INT);
        assertThat((short[]) of(-3L, DBRType.SHORT, 1).array()).containsExactly((short) -3);
        assertThat((byte[]) of(100L, DBRType.BYTE, 1).array()).containsExactly((byte) 100);
        assertThat((int[]) of(2.6, DBRType.INT, 1).array()).as("rounded").containsExactly(3);
        assertThatThrownBy(() -> of(70000L, DBRType.SHORT, 1)).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> of(200L, DBRType.BYTE, 1)).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> of(1L << 40, DBRType.INT, 1)).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> of(Double.NaN, DBRType.INT, 1)).hasMessageContaining("integer");
    }

    @Test
    void enumPvsGetTheStateIndexFromAnEnumValueANumberOrALabel() {
        PutValue put = of(new EnumValue(2, "FAULT"), DBRType.ENUM, 1);
        assertThat(put.type()).isEqualTo(DBRType.ENUM);
        assertThat((short[]) put.array()).containsExactly((short) 2);
        assertThat((short[]) of(1L, DBRType.ENUM, 1).array()).containsExactly((short) 1);
        assertThat((short[]) of("ON", DBRType.ENUM, 1).array()).containsExactly((short) 1);
        assertThat((short[]) of("2", DBRType.ENUM, 1).array()).containsExactly((short) 2);
        assertThatThrownBy(() -> of(new EnumValue(5, null), DBRType.ENUM, 1)).hasMessageContaining("state 5");
        assertThatThrownBy(() -> of("MAYBE", DBRType.ENUM, 1)).hasMessageContaining("not a number");
    }

    @Test
    void stringPvsGetText() {
        assertThat((String[]) of("hello", DBRType.STRING, 1).array()).containsExactly("hello");
        assertThat((String[]) of(1.5, DBRType.STRING, 1).array()).containsExactly("1.5");
        assertThat((String[]) of(new EnumValue(1, "ON"), DBRType.STRING, 1).array()).containsExactly("ON");
        assertThatThrownBy(() -> of("x".repeat(40), DBRType.STRING, 1)).hasMessageContaining("longer than");
    }

    @Test
    void arraysKeepTheirElementsAndMayNotExceedTheElementCount() {
        PutValue doubles = of(new DoubleArray(List.of(1.0, 2.0, 3.0)), DBRType.DOUBLE, 1024);
        assertThat((double[]) doubles.array()).containsExactly(1.0, 2.0, 3.0);
        assertThat(doubles.count()).isEqualTo(3);
        assertThat((int[]) of(new LongArray(List.of(4L, 5L)), DBRType.INT, 2).array()).containsExactly(4, 5);
        assertThat((String[]) of(new StringArray(List.of("a", "b")), DBRType.STRING, 4).array())
                .containsExactly("a", "b");
        assertThatThrownBy(() -> of(new LongArray(List.of(1L, 2L, 3L)), DBRType.INT, 2))
                .hasMessageContaining("3 elements, the PV holds 2");
        assertThatThrownBy(() -> of(new DoubleArray(List.of()), DBRType.DOUBLE, 4)).hasMessageContaining("no elements");
    }

    @Test
    void driveLimitsApplyToNumbersWhenLowIsBelowHigh() {
        DriveLimits limits = new DriveLimits(0.0, 100.0);
        assertThat(limits.violation(of(100.0, DBRType.DOUBLE, 1))).isNull();
        assertThat(limits.violation(of(150.0, DBRType.DOUBLE, 1))).contains("150.0").contains("0.0..100.0");
        assertThat(limits.violation(of(-1L, DBRType.INT, 1))).isNotNull();
        assertThat(limits.violation(of(Double.NaN, DBRType.DOUBLE, 1))).isNotNull();
        assertThat(limits.violation(of(new DoubleArray(List.of(1.0, 101.0)), DBRType.DOUBLE, 2))).isNotNull();
        assertThat(limits.violation(of(2L, DBRType.ENUM, 1))).as("an enum state is no level").isNull();
        assertThat(new DriveLimits(0.0, 0.0).violation(of(1e9, DBRType.DOUBLE, 1))).as("0..0 = no limits").isNull();
        assertThat(new DriveLimits(5.0, 1.0).violation(of(1e9, DBRType.DOUBLE, 1))).isNull();
        assertThat(DriveLimits.NONE.violation(of(1e9, DBRType.DOUBLE, 1))).isNull();
    }
}
