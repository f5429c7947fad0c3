package io.pvstream.streams;

import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * This instance's {@link KafkaStreams}, bound once it exists. A server's HTTP must listen before Streams is created
 * (Streams publishes the port HTTP actually took as its {@code application.server}), so every query service is built
 * on the handle first; until {@link #bind} its reads say "not ready" ({@link StoreNotReadyException}, which the API
 * answers 503): the one place that answer is given for a Streams that does not exist yet. Thread-safe.
 */
public final class StreamsHandle {

    private record Bound(KafkaStreams streams, HostInfo self) {
    }

    private volatile Bound bound;

    /** A handle bound already (Streams created before the services that read it). */
    public static StreamsHandle of(KafkaStreams streams, HostInfo self) {
        StreamsHandle handle = new StreamsHandle();
        handle.bind(streams, self);
        return handle;
    }

    /**
     * @param self this instance's {@code application.server}
     * @throws IllegalStateException when bound already
     */
    public void bind(KafkaStreams streams, HostInfo self) {
        Bound value = new Bound(Objects.requireNonNull(streams), Objects.requireNonNull(self));
        synchronized (this) {
            if (bound != null) {
                throw new IllegalStateException("streams is bound already");
            }
            bound = value;
        }
    }

    /** The Streams instance to read. @throws StoreNotReadyException while none is bound */
    public KafkaStreams streams() {
        Bound value = bound;
        if (value == null) {
            throw new StoreNotReadyException("streams is not created yet");
        }
        return value.streams();
    }

    /** The Streams instance, or empty while none is bound (for questions whose answer may be "not known"). */
    public Optional<KafkaStreams> ifBound() {
        Bound value = bound;
        return value == null ? Optional.empty() : Optional.of(value.streams());
    }

    /** This instance's {@code application.server}; {@link HostInfo#unavailable()} while none is bound. */
    public HostInfo localHost() {
        Bound value = bound;
        return value == null ? HostInfo.unavailable() : value.self();
    }

    /** The state of Streams; {@code CREATED} while none is bound. */
    public KafkaStreams.State state() {
        Bound value = bound;
        return value == null ? KafkaStreams.State.CREATED : value.streams().state();
    }

    /** A listing or scan read mid-rebalance could silently miss partitions: better to say "retry". */
    public void requireRunning() {
        KafkaStreams streams = streams();
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new StoreNotReadyException("streams is " + streams.state());
        }
    }
}
