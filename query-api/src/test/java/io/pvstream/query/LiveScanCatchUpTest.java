package io.pvstream.query;

import static io.pvstream.query.TestRecords.fullState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.pvstream.query.snapshots.LiveScan;
import io.pvstream.schemas.Topics;
import io.pvstream.streams.lag.OffsetSource;
import io.pvstream.streams.lag.StoreCatchUp;
import io.pvstream.query.http.ApiException;
import io.pvstream.query.http.Json;

/** A snapshot's live scan waits for the stores to catch up, or fails with 503 saying how far behind they are. */
class LiveScanCatchUpTest {

    private static final TopicPartition VALUES_0 = new TopicPartition(Topics.PV_VALUES, 0);

    private final InMemoryPvLookup lookup = new InMemoryPvLookup(ApiTestSupport.SELF).put(fullState("SIM:A", 1.0));
    private final AtomicInteger asked = new AtomicInteger();

    /** pv.values-0 ends at 100; the application's committed offset moves 25 on at each ask, up to {@code upTo}. */
    private OffsetSource offsets(long upTo) {
        return new OffsetSource() {
            @Override
            public Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) {
                return Map.of(VALUES_0, 100L);
            }

            @Override
            public Map<TopicPartition, Long> startOffsets(Set<TopicPartition> partitions) {
                return Map.of();
            }

            @Override
            public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
                Map<TopicPartition, Long> committed = new HashMap<>();
                committed.put(VALUES_0, Math.min(upTo, 25L * asked.getAndIncrement()));
                return committed;
            }
        };
    }

    private LiveScan scan(OffsetSource offsets, Duration timeout) {
        StoreCatchUp catchUp = new StoreCatchUp(offsets, 1, tp -> -1, System::currentTimeMillis, Duration.ofMillis(1));
        return new LiveScan(lookup, new RecordingPeers(), Json.newMapper(), 0, Duration.ofSeconds(1), catchUp, timeout);
    }

    @Test
    void readsOnceTheStoresHaveReachedTheEndAsOfTheRequest() {
        LiveScan.Found found = scan(offsets(100), Duration.ofSeconds(10)).scanCaughtUp(LiveScan.Wanted.names(
                Set.of("SIM:A")));

        assertThat(found.values()).containsOnlyKeys("SIM:A");
        assertThat(asked.get()).as("asked until committed reached 100").isEqualTo(5);
    }

    @Test
    void storesThatDoNotCatchUpInTimeAre503WithHowFarBehind() {
        LiveScan scan = scan(offsets(40), Duration.ofMillis(200));

        assertThatThrownBy(() -> scan.scanCaughtUp(LiveScan.Wanted.names(Set.of("SIM:A"))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("60 updates behind", Topics.PV_VALUES, "nothing saved");
                });
    }
}
