package io.pvstream.ingest.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pvstream.ingest.CollectingSink;
import io.pvstream.ingest.IngestConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.simioc.SimulatedIoc;

/** An IOC restart is data: a disconnect record, then a reconnect found by search within seconds. */
class IocRestartIntegrationTest {

    @Test
    void iocStopGivesDisconnectAndRestartGivesReconnectWithLiveMonitors() {
        try (SimulatedIoc ioc = SimulatedIoc.builder().pvCount(1).updateRateHz(0).setpointCount(0).build()) {
            ioc.start();
            CollectingSink sink = new CollectingSink();
            IngestConfig config = IngestConfig.load(Map.of(), Map.of(
                    IngestConfig.CA_ADDR_LIST, ioc.addressList(), IngestConfig.INSTANCE_ID, "restart-test"));
            try (ChannelController controller = new ChannelController(config, sink)) {
                controller.start();
                String pv = ioc.pvName("LONG");
                controller.monitor(pv);
                await().atMost(Duration.ofSeconds(10)).until(() -> sink.latestValue(pv) != null);

                ioc.stop();
                await().atMost(Duration.ofSeconds(10)).until(() -> !sink.latestConnection(pv).getConnected());
                assertThat(controller.connectedCount()).isZero();
                PvConnection lost = sink.latestConnection(pv);
                assertThat(lost.getServer()).isEqualTo("127.0.0.1:" + ioc.port()); // last known server

                long restartedAtMs = System.currentTimeMillis();
                ioc.start();
                await().atMost(Duration.ofSeconds(8)).until(() -> sink.latestConnection(pv).getConnected());
                assertThat(System.currentTimeMillis() - restartedAtMs)
                        .as("reconnect time, bounded by ca.max.search.interval").isLessThan(6000);
                assertThat(sink.connectionsOf(pv)).extracting(PvConnection::getConnected)
                        .containsExactly(true, false, true);
                assertThat(sink.latestConnection(pv).getSinceNs()).isGreaterThan(lost.getSinceNs());

                ioc.set(pv, 99);
                await().atMost(Duration.ofSeconds(10)).until(() -> sink.latestValue(pv).getValue().equals(99L));
                assertThat(List.of(controller.pvCount(), controller.connectedCount())).containsExactly(1, 1);
            }
        }
    }
}
