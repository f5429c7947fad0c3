package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsStateWatcherTest {

    private final StreamsStateWatcher watcher = new StreamsStateWatcher();

    @Test
    void wakesWhenTheStateIsReached() throws Exception {
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return watcher.await(State.RUNNING, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                return false;
            }
        });
        watcher.onChange(State.REBALANCING, State.CREATED);
        watcher.onChange(State.RUNNING, State.REBALANCING);

        assertThat(waiting.get()).isTrue();
    }

    @Test
    void givesUpOnTimeoutOrWhenStreamsFailed() throws Exception {
        assertThat(watcher.await(State.RUNNING, Duration.ofMillis(20))).isFalse();

        watcher.onChange(State.PENDING_ERROR, State.REBALANCING);
        watcher.onChange(State.ERROR, State.PENDING_ERROR);
        assertThat(watcher.await(State.RUNNING, Duration.ofSeconds(30))).isFalse();
    }
}
