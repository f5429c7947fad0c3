package io.pvstream.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 4);

    @Test
    void delayDoublesUpToTheMaximum() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(1000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void givesUpAfterMaxTries() {
        assertThat(backoff.mayRetry(3)).isTrue();
        assertThat(backoff.mayRetry(4)).isFalse();
        assertThat(new Backoff(Duration.ZERO, Duration.ZERO, 1).mayRetry(1)).as("1 = no retry").isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
