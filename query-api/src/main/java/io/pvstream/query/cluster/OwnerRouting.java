package io.pvstream.query.cluster;

import java.util.Optional;
import java.util.function.Predicate;

import org.apache.kafka.streams.state.HostInfo;

/** Where a request for one PV is answered: the forwarding rule, free of HTTP and Kafka. */
public enum OwnerRouting {
    /** This instance owns the PV: read the local store. */
    LOCAL,
    /** Another instance owns it: forward once and relay its answer. */
    FORWARD,
    /**
     * The request was already forwarded by an instance that took us for the owner, but we are not (ownership
     * moved, or the two have different views mid-rebalance): 503, never a second hop that could loop.
     */
    NOT_OWNER,
    /** No owner known now (starting, rebalancing): 503. */
    OWNER_UNKNOWN;

    public static OwnerRouting decide(Optional<HostInfo> owner, Predicate<HostInfo> isLocal, boolean alreadyForwarded) {
        if (owner.isEmpty()) {
            return OWNER_UNKNOWN;
        }
        if (isLocal.test(owner.get())) {
            return LOCAL;
        }
        return alreadyForwarded ? NOT_OWNER : FORWARD;
    }
}
