package io.pvstream.ingest;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.ReplicationCheck;
import io.pvstream.schemas.TopicLayout;
import io.pvstream.schemas.config.CommonConfig;

/** Runs one ingest instance configured from the environment until the JVM is asked to stop. */
public final class IngestMain {

    private static final Logger log = LoggerFactory.getLogger(IngestMain.class);

    private IngestMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        IngestConfig config = IngestConfig.load(System.getenv(), Map.of());
        // the ingest creates no topics, but it writes them: refuse a cluster that cannot hold its replicas
        try (Admin admin = Admin.create(CommonConfig.kafkaClientProps(config))) {
            ReplicationCheck.requireBrokers(admin, TopicLayout.of(config));
        } catch (ReplicationCheck.ClusterTooSmallException e) {
            log.error("refusing to start: {}", e.getMessage());
            System.exit(2);
        }
        IngestService service = new IngestService(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "ingest-shutdown"));
        service.start();
        log.info("ingest {} running; stop with SIGTERM", service.instanceId());
        stopped.await(); // service threads are daemons: keep main alive until the hook has closed
    }
}
