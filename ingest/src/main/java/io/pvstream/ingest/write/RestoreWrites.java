package io.pvstream.ingest.write;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.WallClock;
import io.pvstream.ingest.ca.ChannelController;
import io.pvstream.ingest.ca.MonitoredChannel;
import io.pvstream.ingest.kafka.KafkaClientSettings;
import io.pvstream.schemas.avro.CircuitStatus;

/**
 * The restore-write side of an ingest instance: pv.writes consumer → writer (CA puts, readback
 * verification, per-IOC circuit breakers) → pv.write.results producer. Threads: the consumer loop
 * and the writer; each owns its client.
 */
public final class RestoreWrites implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestoreWrites.class);
    private static final long JOIN_TIMEOUT_MS = 15_000;

    private final IngestConfig config;
    private final ChannelController channels;
    private final Function<String, MonitoredChannel> monitored;
    private final Supplier<Set<Integer>> ownedPartitions;
    private final Function<String, String> configuredReadbacks;
    private final PvaReadbacks pvaReadbacks;
    private final WriteSettings settings;
    private final CircuitBreakers breakers;
    private PvWriter writer;
    private KafkaResultSink results;
    private PvWriteLoop loop;
    private Thread loopThread;

    /**
     * @param channels            the CA side (its context carries the writer's CA requests)
     * @param monitored           the monitored channel of a PV on either protocol, null if not monitored here
     * @param ownedPartitions     the pv.config partitions whose PVs {@code monitored} knows
     * @param configuredReadbacks the readback PV pv.config gives a PV, null if none
     * @param pvaReadbacks        pvAccess monitors of readbacks not monitored here (the pvAccess side's client)
     */
    public RestoreWrites(IngestConfig config, ChannelController channels, Function<String, MonitoredChannel> monitored,
                         Supplier<Set<Integer>> ownedPartitions, Function<String, String> configuredReadbacks,
                         PvaReadbacks pvaReadbacks) {
        this.config = config;
        this.channels = channels;
        this.monitored = monitored;
        this.ownedPartitions = ownedPartitions;
        this.configuredReadbacks = configuredReadbacks;
        this.pvaReadbacks = pvaReadbacks;
        this.settings = WriteSettings.of(config);
        this.breakers = new CircuitBreakers(settings.circuitFailureThreshold(), settings.circuitResetTimeout(),
                WallClock::nowNanos);
    }

    /** Starts after {@code channels}: the writer uses its CA context. */
    public synchronized void start() {
        String instance = config.instanceId();
        Map<String, Object> producerProps = KafkaClientSettings.producerProps(config);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "pvstream-ingest-results-" + instance);
        results = new KafkaResultSink(new KafkaProducer<>(producerProps));
        writer = new PvWriter(instance, settings, monitored, configuredReadbacks, channels::context, pvaReadbacks,
                breakers, WallClock::nowNanos);
        loop = new PvWriteLoop(new KafkaConsumer<>(KafkaClientSettings.writeConsumerProps(config)), ownedPartitions,
                writer, results, settings.maxInFlight(), settings.dedupCapacity());
        loopThread = new Thread(loop, "ingest-pv-writes-" + instance);
        loopThread.setDaemon(true);
        loopThread.start();
    }

    /** The breaker of every IOC written to, for the heartbeat. */
    public List<CircuitStatus> circuits() {
        return breakers.statuses();
    }

    /** Stops taking commands (committing what is acknowledged), then the writer, then the producer. */
    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.stop();
            try {
                loopThread.join(JOIN_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (loopThread.isAlive()) {
                log.warn("pv.writes loop did not end within {} ms", JOIN_TIMEOUT_MS);
            }
            loop = null;
        }
        if (writer != null) {
            writer.close();
            writer = null;
        }
        if (results != null) {
            results.close();
            results = null;
        }
    }
}
