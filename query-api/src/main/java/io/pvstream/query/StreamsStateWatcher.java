package io.pvstream.query;

import java.time.Duration;

import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every state change of the Streams instance and lets callers wait for a state without polling. */
final class StreamsStateWatcher implements KafkaStreams.StateListener {

    private static final Logger log = LoggerFactory.getLogger(StreamsStateWatcher.class);

    private KafkaStreams.State state = KafkaStreams.State.CREATED;

    @Override
    public synchronized void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        log.info("streams {} -> {}", oldState, newState);
        state = newState;
        notifyAll();
    }

    /** @return true if {@code wanted} was reached within {@code timeout} (false also if Streams stopped) */
    synchronized boolean await(KafkaStreams.State wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state != wanted) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0 || state.hasCompletedShutdown() || state == KafkaStreams.State.ERROR) {
                return false;
            }
            wait(leftMs);
        }
        return true;
    }
}
