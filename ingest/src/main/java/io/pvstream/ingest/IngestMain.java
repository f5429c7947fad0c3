package io.pvstream.ingest;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one ingest instance configured from the environment until the JVM is asked to stop. */
public final class IngestMain {

    private static final Logger log = LoggerFactory.getLogger(IngestMain.class);

    private IngestMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        IngestConfig config = IngestConfig.load(System.getenv(), Map.of());
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
