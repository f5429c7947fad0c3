package io.pvstream.query;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import io.pvstream.streams.lag.LagSample;
import io.pvstream.streams.lag.StoreLag;

/** A {@link StoreLag} that knows nothing until the real one is bound (it needs Kafka Streams, created after HTTP). */
final class LateBoundStoreLag implements StoreLag {

    private volatile StoreLag delegate = StoreLag.NONE;

    void bind(StoreLag lag) {
        this.delegate = Objects.requireNonNull(lag);
    }

    @Override
    public Optional<LagSample> latest() {
        return delegate.latest();
    }

    @Override
    public OptionalLong viewLagMs(String pv) {
        return delegate.viewLagMs(pv);
    }
}
