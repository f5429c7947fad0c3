package io.pvstream.ingest.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pvstream.ingest.CollectingSink;
import io.pvstream.ingest.IngestConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.simioc.SimulatedIoc;

/**
 * Channels are created in batches released by connections, not by a fixed pause: with a pause far longer than the
 * test may take, batches of 2 still connect 20 PVs, and unserved PVs hold the rest back only up to that pause.
 */
class ConnectBackPressureIntegrationTest {

    private static final int PVS = 20;
    private static SimulatedIoc ioc;
    private ChannelController controller;
    private CollectingSink sink;

    @BeforeAll
    static void startIoc() {
        ioc = SimulatedIoc.builder().pvCount(PVS).updateRateHz(1).setpointCount(0).build();
        ioc.start();
    }

    @AfterAll
    static void stopIoc() {
        ioc.close();
    }

    @AfterEach
    void close() {
        if (controller != null) {
            controller.close();
        }
    }

    private void start(int batchSize, long batchDelayMs) {
        sink = new CollectingSink();
        controller = new ChannelController(IngestConfig.load(Map.of(), Map.of(
                IngestConfig.CA_ADDR_LIST, ioc.addressList(),
                IngestConfig.INSTANCE_ID, "bp-" + System.nanoTime(),
                IngestConfig.CONNECT_BATCH_SIZE, batchSize,
                IngestConfig.CONNECT_BATCH_DELAY_MS, batchDelayMs)), sink);
        controller.start();
    }

    private long connected(List<String> pvs) {
        return pvs.stream().map(sink::latestConnection).filter(c -> c != null && c.getConnected()).count();
    }

    @Test
    void connectionsReleaseTheNextBatchLongBeforeThePause() {
        start(2, 600_000); // a fixed pause would need 10 × 10 min
        List<String> pvs = ioc.pvNames().subList(0, PVS);
        pvs.forEach(controller::monitor);

        await().atMost(Duration.ofSeconds(30)).until(() -> connected(pvs) == PVS);
        assertThat(controller.connectedCount()).isEqualTo(PVS);
    }

    @Test
    void unservedPvsHoldTheRestBackOnlyUntilThePause() {
        start(2, 300);
        List<String> served = ioc.pvNames().subList(0, 4);
        controller.monitor("NO:SUCH:PV:1"); // the first batch never connects
        controller.monitor("NO:SUCH:PV:2");
        served.forEach(controller::monitor);

        await().atMost(Duration.ofSeconds(30)).until(() -> connected(served) == served.size());
        assertThat(sink.connectionsOf("NO:SUCH:PV:1")).noneMatch(PvConnection::getConnected);
    }
}
