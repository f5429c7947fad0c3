package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.function.Predicate;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import io.pvstream.query.cluster.OwnerRouting;

class OwnerRoutingTest {

    private static final HostInfo ME = new HostInfo("127.0.0.1", 1);
    private static final HostInfo PEER = new HostInfo("127.0.0.1", 2);
    private static final Predicate<HostInfo> IS_ME = ME::equals;

    @Test
    void ownRequestsAreAnsweredHereOrForwardedOnce() {
        assertThat(OwnerRouting.decide(Optional.of(ME), IS_ME, false)).isEqualTo(OwnerRouting.LOCAL);
        assertThat(OwnerRouting.decide(Optional.of(PEER), IS_ME, false)).isEqualTo(OwnerRouting.FORWARD);
    }

    @Test
    void forwardedRequestsAreNeverForwardedAgain() {
        assertThat(OwnerRouting.decide(Optional.of(ME), IS_ME, true)).isEqualTo(OwnerRouting.LOCAL);
        assertThat(OwnerRouting.decide(Optional.of(PEER), IS_ME, true)).isEqualTo(OwnerRouting.NOT_OWNER);
    }

    @Test
    void unknownOwnerIsUnknownWhoeverAsks() {
        assertThat(OwnerRouting.decide(Optional.empty(), IS_ME, false)).isEqualTo(OwnerRouting.OWNER_UNKNOWN);
        assertThat(OwnerRouting.decide(Optional.empty(), IS_ME, true)).isEqualTo(OwnerRouting.OWNER_UNKNOWN);
    }
}
