package io.pvstream.ingest;

import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.ingest.buffer.CoalescingBuffer;
import io.pvstream.ingest.ca.ChannelController;
import io.pvstream.ingest.kafka.BufferingSink;
import io.pvstream.ingest.kafka.HeartbeatTask;
import io.pvstream.ingest.kafka.KafkaClientSettings;
import io.pvstream.ingest.kafka.OutboundRecord;
import io.pvstream.ingest.kafka.PublishLoop;
import io.pvstream.ingest.kafka.PvConfigLoop;
import io.pvstream.ingest.metrics.IngestMetrics;
import io.pvstream.ingest.pva.PvaChannels;
import io.pvstream.ingest.write.RestoreWrites;
import io.pvstream.schemas.config.CommonConfig;

/**
 * One ingest instance: pv.config consumer → CA and pvAccess channels and monitors ({@link MonitoredPvs}) → buffer → Kafka producer,
 * plus a heartbeat and an optional Prometheus endpoint ({@link IngestMetrics}), plus restore writes (pv.writes → CA puts → pv.write.results, see
 * {@link RestoreWrites}). Threads: the pv.config consumer, the CA control thread (and CAJ's own), the
 * publisher, the heartbeat scheduler, the pv.writes consumer and the writer; each owns its client
 * and closes it when it ends.
 */
public final class IngestService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    private static final long JOIN_TIMEOUT_MS = 15_000;
    /** PVs with an error listed by name in a heartbeat (all are counted). */
    private static final int MAX_PV_ERRORS_REPORTED = 100;

    private final IngestConfig config;
    private final String instanceId;
    private final CoalescingBuffer<OutboundRecord.Slot, OutboundRecord> buffer;
    private final BufferingSink sink;
    private final ChannelController channels;
    private final PvaChannels pvaChannels;
    private final MonitoredPvs monitored;
    private final RestoreWrites writes;

    private PvConfigLoop configLoop;
    private Thread configThread;
    private PublishLoop publishLoop;
    private Thread publishThread;
    private ScheduledExecutorService heartbeat;
    private IngestMetrics metrics;
    private boolean started;
    private boolean closed;

    public IngestService(IngestConfig config) {
        this.config = config;
        this.instanceId = config.instanceId();
        this.buffer = new CoalescingBuffer<>(config.getInt(IngestConfig.BUFFER_CAPACITY));
        this.sink = new BufferingSink(buffer);
        this.channels = new ChannelController(config, sink);
        this.pvaChannels = new PvaChannels(config, sink);
        this.monitored = new MonitoredPvs(channels, pvaChannels);
        this.writes = new RestoreWrites(config, channels, monitored::monitored, this::readyPartitions,
                this::configuredReadbackPv, pvaChannels::readbackMonitor);
    }

    /** Starts everything and returns at once; PVs follow as pv.config is read. */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        started = true;
        try {
            publishLoop = new PublishLoop(buffer, new KafkaProducer<>(KafkaClientSettings.producerProps(config)));
            publishThread = startThread(publishLoop, "ingest-publish-" + instanceId);
            channels.start();
            configLoop = new PvConfigLoop(new KafkaConsumer<>(KafkaClientSettings.consumerProps(config)), monitored);
            configThread = startThread(configLoop, "ingest-pv-config-" + instanceId);
            writes.start();
            startHeartbeat();
            startMetrics();
        } catch (RuntimeException e) {
            close(); // whatever did start must not linger
            throw e;
        }
        log.info("ingest {} started: CA addr list '{}', Kafka {}", instanceId,
                config.getString(IngestConfig.CA_ADDR_LIST), config.getString(CommonConfig.BOOTSTRAP_SERVERS));
    }

    private void startHeartbeat() {
        long intervalMs = config.getLong(IngestConfig.HEARTBEAT_INTERVAL_MS);
        HeartbeatTask task = new HeartbeatTask(IngestConfig.hostName(), intervalMs, this::stats,
                monitored::updatesReceived, sink, writes::circuits);
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-heartbeat-" + instanceId);
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) { // a thrown exception would silently cancel the schedule
                log.warn("heartbeat failed: {}", e.toString());
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void startMetrics() {
        int port = config.getInt(IngestConfig.METRICS_PORT);
        if (port > 0) {
            metrics = IngestMetrics.start(config.getString(IngestConfig.METRICS_HOST), port, this::stats,
                    monitored::updatesReceived, buffer::size);
            log.info("ingest {} serves Prometheus metrics on {}:{}/metrics", instanceId,
                    config.getString(IngestConfig.METRICS_HOST), metrics.port());
        }
    }

    public IngestStats stats() {
        PublishLoop publisher = publishLoop;
        PvConfigLoop loop = configLoop;
        ChannelController.PvErrors errors = monitored.pvErrors(MAX_PV_ERRORS_REPORTED);
        return new IngestStats(instanceId, monitored.pvCount(), monitored.connectedCount(),
                publisher == null ? 0 : publisher.publishedTotal(),
                buffer.coalescedTotal(),
                publisher == null ? 0 : publisher.publishErrorsTotal(),
                loop == null ? Set.of() : loop.assignedPartitions(),
                errors.count(), errors.first());
    }

    /** The PVs this instance monitors now (those of its pv.config partitions), connected or not. */
    public Set<String> monitoredPvs() {
        return monitored.monitoredNames();
    }

    /** pv.config partitions read up to where they were when assigned: the writer takes their pv.writes twins. */
    private Set<Integer> readyPartitions() {
        PvConfigLoop loop = configLoop;
        return loop == null ? Set.of() : loop.readyPartitions();
    }

    private String configuredReadbackPv(String pv) {
        PvConfigLoop loop = configLoop;
        return loop == null ? null : loop.readbackPvOf(pv);
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * Stops in dependency order: no new restore writes (they need the channels), no new desired
     * PVs, no new CA events (channels destroyed without publishing disconnects, which would be
     * misleading while another instance takes over), no more heartbeats, then publish what is
     * buffered, flush and close the producer.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (metrics != null) {
            metrics.close();
        }
        writes.close();
        if (configLoop != null) {
            configLoop.stop();
            join(configThread);
        }
        channels.close();
        pvaChannels.close();
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            awaitTermination(heartbeat);
        }
        buffer.close();
        if (publishLoop != null) {
            publishLoop.requestStop();
            join(publishThread);
            if (publishThread.isAlive()) {
                publishLoop.abort();
                join(publishThread);
            }
        }
        log.info("ingest {} closed: {}", instanceId, stats());
    }

    private static Thread startThread(Runnable loop, String name) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN_TIMEOUT_MS);
            if (thread.isAlive()) {
                log.warn("thread {} did not end within {} ms", thread.getName(), JOIN_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTermination(ScheduledExecutorService executor) {
        try {
            executor.awaitTermination(JOIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
