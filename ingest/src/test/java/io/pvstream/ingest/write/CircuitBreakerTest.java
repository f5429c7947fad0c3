package io.pvstream.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.CircuitState;
import io.pvstream.schemas.avro.CircuitStatus;

class CircuitBreakerTest {

    private static final Duration RESET = Duration.ofSeconds(30);

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    private final CircuitBreaker breaker = new CircuitBreaker("10.0.0.1:5064", 3, RESET, clock::get);
    private int failures;

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure("put timeout " + ++failures);
        }
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void opensAtTheThresholdOfConsecutiveFailures() {
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        CircuitStatus status = breaker.status();
        assertThat(status.getIoc()).isEqualTo("10.0.0.1:5064");
        assertThat(status.getConsecutiveFailures()).isEqualTo(3);
        assertThat(status.getOpenedNs()).isEqualTo(clock.get());
        assertThat(status.getLastError()).isEqualTo("put timeout 3");
    }

    @Test
    void aSuccessResetsTheCount() {
        fail(2);
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.status().getConsecutiveFailures()).isEqualTo(2);
        assertThat(breaker.status().getOpenedNs()).isNull();
    }

    @Test
    void openFailsFastUntilTheResetTimeout() {
        fail(3);
        assertThat(breaker.tryAcquire()).isFalse();
        advance(RESET.minusMillis(1));
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.openMessage()).contains("10.0.0.1:5064").contains("put timeout 3");
    }

    @Test
    void afterTheResetTimeoutExactlyOneTrialGoesThrough() {
        fail(3);
        advance(RESET);
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).as("a second write while the trial is out").isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.trialInProgress()).as("so the second write waits rather than fails").isTrue();
        breaker.onSuccess();
        assertThat(breaker.trialInProgress()).isFalse();
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aSuccessfulTrialCloses() {
        fail(3);
        advance(RESET);
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.status().getConsecutiveFailures()).isZero();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aFailedTrialReopensForAnotherResetTimeout() {
        fail(3);
        advance(RESET);
        assertThat(breaker.tryAcquire()).isTrue();
        long trialAt = clock.get();
        breaker.onFailure("still hung");
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.status().getOpenedNs()).isEqualTo(trialAt);
        assertThat(breaker.status().getLastError()).isEqualTo("still hung");
        assertThat(breaker.tryAcquire()).isFalse();
        advance(RESET);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void lateFailuresOfWritesStartedBeforeOpeningKeepItOpenWithoutMovingTheOpenTime() {
        fail(3);
        long openedAt = breaker.status().getOpenedNs();
        advance(Duration.ofSeconds(1));
        breaker.onFailure("a put that was already in flight");
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.status().getOpenedNs()).isEqualTo(openedAt);
    }

    @Test
    void registryKeepsOneBreakerPerIocAndReportsThemAll() {
        CircuitBreakers breakers = new CircuitBreakers(1, RESET, clock::get);
        assertThat(breakers.of("b:5064")).isSameAs(breakers.of("b:5064"));
        breakers.of("a:5064").onFailure("refused");
        assertThat(breakers.statuses()).extracting(CircuitStatus::getIoc).containsExactly("a:5064", "b:5064");
        assertThat(breakers.statuses()).extracting(CircuitStatus::getState)
                .containsExactly(CircuitState.OPEN, CircuitState.CLOSED);
    }
}
