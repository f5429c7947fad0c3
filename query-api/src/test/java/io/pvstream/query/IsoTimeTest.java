package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
    void writesWhatDateTimeFormatterWritesOverTheWholeRangeOfALong() {
        DateTimeFormatter oracle = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd'T'HH:mm:ss")
                .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true).appendLiteral('Z').toFormatter()
                .withZone(ZoneOffset.UTC);
        Random random = new Random(13);
        List<Long> samples = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L, 999_999_999L,
                1_000_000_000L, -1_000_000_000L, -1_000_000_001L));
        for (int i = 0; i < 100_000; i++) {
            samples.add(random.nextLong());
        }
        for (long ns : samples) {
            assertThat(IsoTime.format(ns)).as("%d ns", ns).isEqualTo(oracle.format(IsoTime.instant(ns)));
        }
    }

    @Test
    void roundTripsThroughInstant() {
        long ns = 1_700_000_000_123_456_789L;
        assertThat(IsoTime.epochNs(IsoTime.instant(ns))).isEqualTo(ns);
        assertThat(IsoTime.instant(ns)).isEqualTo(Instant.parse("2023-11-14T22:13:20.123456789Z"));
    }
}
