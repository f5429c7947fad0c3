package io.pvstream.streams.lag;

import java.util.Optional;
import java.util.OptionalLong;

/** How far this instance's Streams processing is behind, as an API needs it. */
public interface StoreLag {

    /** Nothing measured: for APIs without a Streams instance (tests). */
    StoreLag NONE = new StoreLag() {
        @Override
        public Optional<LagSample> latest() {
            return Optional.empty();
        }

        @Override
        public OptionalLong viewLagMs(String pv) {
            return OptionalLong.empty();
        }
    };

    /** The latest measurement; empty before the first. */
    Optional<LagSample> latest();

    /**
     * How old this instance's view of {@code pv} is: the age of the oldest update not yet applied to the partition of
     * the latest-value store that holds it (0 when caught up); empty when not known (not measured yet, or the
     * partition is not processed here).
     */
    OptionalLong viewLagMs(String pv);
}
