package io.pvstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The service's own life cycle, without a broker (end-to-end tests with Kafka live in devstack):
 * it starts without blocking, counts what Kafka refuses, and closes idempotently leaving no thread.
 */
class IngestServiceLifecycleTest {

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Set<String> threadsNaming(String id) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.contains(id))
                .collect(Collectors.toSet());
    }

    @Test
    void startsWithoutABrokerCountsRefusedRecordsAndClosesCleanly() throws Exception {
        String id = "lifecycle-" + System.nanoTime();
        IngestConfig config = IngestConfig.load(Map.of(), Map.of(
                "bootstrap.servers", "127.0.0.1:" + unusedPort(),
                "kafka.max.block.ms", "500",   // pass-through: a send fails fast without a broker
                IngestConfig.INSTANCE_ID, id,
                IngestConfig.CONSUMER_GROUP, id,
                IngestConfig.CA_ADDR_LIST, "127.0.0.1:" + unusedPort(),
                IngestConfig.HEARTBEAT_INTERVAL_MS, "200"));
        IngestService service = new IngestService(config);

        long startedAt = System.nanoTime();
        service.start();
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(5));
        assertThat(service.instanceId()).isEqualTo(id);
        assertThat(threadsNaming(id)).contains("ingest-publish-" + id, "ingest-pv-config-" + id, "ca-control-" + id);
        assertThatThrownBy(service::start).isInstanceOf(IllegalStateException.class);

        // heartbeats go through the publish path; with no broker Kafka refuses them, and that is counted
        await().atMost(Duration.ofSeconds(10)).until(() -> service.stats().publishErrorsTotal() > 0);
        IngestStats stats = service.stats();
        assertThat(stats.instance()).isEqualTo(id);
        assertThat(stats.pvCount()).isZero();
        assertThat(stats.partitions()).isEmpty();

        service.close();
        service.close(); // idempotent
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsNaming(id).isEmpty());
    }
}
