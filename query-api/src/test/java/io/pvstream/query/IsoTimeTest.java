package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import io.pvstream.records.IsoTime;

class IsoTimeTest {

    @Test
    void keepsAllNineFractionDigits() {
        assertThat(IsoTime.format(1_700_000_000_123_456_789L)).isEqualTo("2023-11-14T22:13:20.123456789Z");
        assertThat(IsoTime.format(1_700_000_000_000_000_000L)).isEqualTo("2023-11-14T22:13:20.000000000Z");
    }

    @Test
    void beforeTheEpochToo() {
        assertThat(IsoTime.format(-1L)).isEqualTo("1969-12-31T23:59:59.999999999Z");
    }

    @Test
    void roundTripsThroughInstant() {
        long ns = 1_700_000_000_123_456_789L;
        assertThat(IsoTime.epochNs(IsoTime.instant(ns))).isEqualTo(ns);
        assertThat(IsoTime.instant(ns)).isEqualTo(Instant.parse("2023-11-14T22:13:20.123456789Z"));
    }
}
