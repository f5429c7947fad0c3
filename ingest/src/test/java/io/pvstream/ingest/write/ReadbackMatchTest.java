package io.pvstream.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.StringArray;

class ReadbackMatchTest {

    private static final Tolerance EXACT = Tolerance.EXACT;

    private static boolean matches(Object target, Object readback, Tolerance tolerance) {
        return ReadbackMatch.matches(target, readback, tolerance);
    }

    @Test
    void withoutToleranceNumbersMustBeEqual() {
        assertThat(matches(1.5, 1.5, EXACT)).isTrue();
        assertThat(matches(1.5, 1.5000001, EXACT)).isFalse();
        assertThat(matches(7L, 7L, EXACT)).isTrue();
        assertThat(matches(7L, 7.0, EXACT)).as("a long setpoint read back as a double").isTrue();
        assertThat(matches(Long.MAX_VALUE, Long.MAX_VALUE - 1, EXACT)).as("no precision lost to doubles").isFalse();
    }

    @Test
    void absoluteTolerance() {
        Tolerance abs = new Tolerance(0.01, null);
        assertThat(matches(10.0, 10.009, abs)).isTrue();
        assertThat(matches(10.0, 9.991, abs)).isTrue();
        assertThat(matches(10.0, 10.02, abs)).isFalse();
        assertThat(matches(5L, 5.005, abs)).isTrue();
    }

    @Test
    void relativeToleranceIsAFractionOfTheTarget() {
        Tolerance rel = new Tolerance(null, 0.01);
        assertThat(matches(200.0, 201.9, rel)).isTrue();
        assertThat(matches(200.0, 202.1, rel)).isFalse();
        assertThat(matches(-200.0, -198.1, rel)).as("of |target|").isTrue();
    }

    @Test
    void relativeToleranceAtZeroAllowsNothingButAnAbsoluteOneStillApplies() {
        assertThat(matches(0.0, 0.0, new Tolerance(null, 0.5))).isTrue();
        assertThat(matches(0.0, 1e-12, new Tolerance(null, 0.5))).isFalse();
        assertThat(matches(0.0, 1e-12, new Tolerance(1e-9, 0.5))).isTrue();
    }

    @Test
    void withBothTheLargerAllowanceWins() {
        Tolerance both = new Tolerance(0.5, 0.01);
        assertThat(matches(1000.0, 1009.0, both)).as("rel allows 10").isTrue();
        assertThat(matches(1.0, 1.4, both)).as("abs allows 0.5").isTrue();
        assertThat(matches(1.0, 1.6, both)).isFalse();
    }

    @Test
    void nanMatchesOnlyNanAndInfinitiesOnlyThemselves() {
        Tolerance wide = new Tolerance(1e9, 1.0);
        assertThat(matches(Double.NaN, Double.NaN, EXACT)).isTrue();
        assertThat(matches(Double.NaN, 0.0, wide)).isFalse();
        assertThat(matches(0.0, Double.NaN, wide)).isFalse();
        assertThat(matches(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, EXACT)).isTrue();
        assertThat(matches(Double.POSITIVE_INFINITY, 1e300, wide)).isFalse();
        assertThat(matches(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, wide)).isFalse();
    }

    @Test
    void arraysMatchElementWiseWithTheTolerance() {
        DoubleArray target = new DoubleArray(List.of(1.0, 2.0, 3.0));
        assertThat(matches(target, new DoubleArray(List.of(1.0, 2.0, 3.0)), EXACT)).isTrue();
        assertThat(matches(target, new DoubleArray(List.of(1.0, 2.05, 3.0)), EXACT)).isFalse();
        assertThat(matches(target, new DoubleArray(List.of(1.0, 2.05, 3.0)), new Tolerance(0.1, null))).isTrue();
        assertThat(matches(target, new DoubleArray(List.of(1.0, 2.0)), EXACT)).as("length differs").isFalse();
        assertThat(matches(new LongArray(List.of(1L, 2L)), new DoubleArray(List.of(1.0, 2.0)), EXACT)).isTrue();
        assertThat(matches(new DoubleArray(List.of(Double.NaN, 1.0)), new DoubleArray(List.of(Double.NaN, 1.0)),
                EXACT)).isTrue();
        assertThat(matches(new DoubleArray(List.of(4.0)), 4.0, EXACT)).as("one element is a scalar").isTrue();
    }

    @Test
    void stringsMatchExactlyElementWise() {
        assertThat(matches("hello", "hello", EXACT)).isTrue();
        assertThat(matches("hello", "Hello", new Tolerance(1.0, 1.0))).isFalse();
        StringArray target = new StringArray(List.of("a", "b"));
        assertThat(matches(target, new StringArray(List.of("a", "b")), EXACT)).isTrue();
        assertThat(matches(target, new StringArray(List.of("a", "c")), EXACT)).isFalse();
    }

    @Test
    void enumsMatchByIndexOrByLabel() {
        EnumValue on = new EnumValue(1, "ON");
        assertThat(matches(on, new EnumValue(1, "ON"), EXACT)).isTrue();
        assertThat(matches(on, new EnumValue(1, null), EXACT)).as("label unknown to the reader").isTrue();
        assertThat(matches(on, new EnumValue(2, "FAULT"), EXACT)).isFalse();
        assertThat(matches(on, 1L, EXACT)).isTrue();
        assertThat(matches(on, "ON", EXACT)).isTrue();
        assertThat(matches(on, "OFF", EXACT)).isFalse();
        assertThat(matches(1L, on, EXACT)).isTrue();
        assertThat(matches(new EnumValue(1, null), new EnumValue(1, "ON"), new Tolerance(5.0, null)))
                .as("a tolerance never widens an enum").isTrue();
        assertThat(matches(new EnumValue(0, null), new EnumValue(1, "ON"), new Tolerance(5.0, null))).isFalse();
    }

    @Test
    void aNumericStringReadbackIsComparedAsANumber() {
        assertThat(matches(3.5, "3.50", EXACT)).isTrue();
        assertThat(matches(3.5, "3.6", new Tolerance(0.2, null))).isTrue();
        assertThat(matches(3.5, "three", EXACT)).isFalse();
    }

    @Test
    void nothingMatchesAMissingReadback() {
        assertThat(matches(1.0, null, EXACT)).isFalse();
    }

    @Test
    void negativeTolerancesAreRefusedOrIgnored() {
        assertThatThrownBy(() -> new Tolerance(-1.0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Tolerance.of(-1.0, Double.NaN).isExact()).isTrue();
    }

    @Test
    void textShowsValuesAsOperatorsReadThem() {
        assertThat(ReadbackMatch.text(1.5)).isEqualTo("1.5");
        assertThat(ReadbackMatch.text(new EnumValue(1, "ON"))).isEqualTo("ON (1)");
        assertThat(ReadbackMatch.text(new EnumValue(4, null))).isEqualTo("4");
        assertThat(ReadbackMatch.text(new LongArray(List.of(1L, 2L)))).isEqualTo("[1, 2]");
        DoubleArray big = new DoubleArray(java.util.Collections.nCopies(100, 0.5));
        assertThat(ReadbackMatch.text(big)).startsWith("[0.5, 0.5").endsWith("... (100 elements)]");
        assertThat(ReadbackMatch.text(null)).isNull();
    }
}
