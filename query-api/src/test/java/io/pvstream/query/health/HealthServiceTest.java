package io.pvstream.query.health;

import static org.apache.kafka.streams.KafkaStreams.State.CREATED;
import static org.apache.kafka.streams.KafkaStreams.State.ERROR;
import static org.apache.kafka.streams.KafkaStreams.State.NOT_RUNNING;
import static org.apache.kafka.streams.KafkaStreams.State.REBALANCING;
import static org.apache.kafka.streams.KafkaStreams.State.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pvstream.query.health.HealthReport.Status;

class HealthServiceTest {

    @Test
    void upOnlyWhenEverythingIsFine() {
        assertThat(HealthService.status(RUNNING, true, true)).isEqualTo(Status.UP);
    }

    @Test
    void degradedWhileStillAnswering() {
        assertThat(HealthService.status(REBALANCING, true, true)).isEqualTo(Status.DEGRADED);
        assertThat(HealthService.status(RUNNING, false, true)).isEqualTo(Status.DEGRADED);
        assertThat(HealthService.status(RUNNING, true, false)).isEqualTo(Status.DEGRADED);
    }

    @Test
    void downWhenStreamsCannotServe() {
        for (var state : new org.apache.kafka.streams.KafkaStreams.State[] {CREATED, NOT_RUNNING, ERROR}) {
            assertThat(HealthService.status(state, true, true)).as("%s", state).isEqualTo(Status.DOWN);
        }
    }

    @Test
    void aLaggingStoreIsDegraded() {
        assertThat(HealthService.status(RUNNING, true, true, false)).isEqualTo(Status.DEGRADED);
        assertThat(HealthService.status(ERROR, true, true, false)).isEqualTo(Status.DOWN);
    }
}
