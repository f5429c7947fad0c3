package io.pvstream.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.config.ConfigLoader;

/**
 * Every configuration key of the ingest service, with its default and doc. Values are layered by
 * {@link ConfigLoader}: defaults, optional properties file, {@code PVSTREAM_*} env vars, overrides.
 */
public final class IngestConfig extends AbstractConfig {

    /** CA server addresses searched (space-separated host or host:port); loopback by default. */
    public static final String CA_ADDR_LIST = "ca.addr.list";
    public static final String CA_AUTO_ADDR_LIST = "ca.auto.addr.list";
    public static final String CA_MAX_ARRAY_BYTES = "ca.max.array.bytes";
    public static final String CA_MAX_SEARCH_INTERVAL = "ca.max.search.interval";
    public static final String CA_CONNECTION_TIMEOUT = "ca.connection.timeout";
    public static final String CA_REPEATER_DISABLED = "ca.repeater.disabled";

    /** pvAccess client settings (EPICS_PVA_*), set as JVM-wide system properties before core-pva loads. */
    public static final String PVA_ADDR_LIST = "pva.addr.list";
    public static final String PVA_AUTO_ADDR_LIST = "pva.auto.addr.list";
    public static final String PVA_BROADCAST_PORT = "pva.broadcast.port";
    public static final String PVA_TLS_KEYCHAIN = "pva.tls.keychain";

    public static final String INSTANCE_ID = "ingest.instance.id";
    public static final String CONSUMER_GROUP = "ingest.consumer.group";
    public static final String BUFFER_CAPACITY = "ingest.buffer.capacity";
    public static final String HEARTBEAT_INTERVAL_MS = "ingest.heartbeat.interval.ms";
    public static final String CONNECT_BATCH_SIZE = "ingest.connect.batch.size";
    public static final String CONNECT_BATCH_DELAY_MS = "ingest.connect.batch.delay.ms";
    public static final String PRODUCER_LINGER_MS = "ingest.producer.linger.ms";
    public static final String PRODUCER_COMPRESSION = "ingest.producer.compression";
    public static final String PRODUCER_BATCH_SIZE = "ingest.producer.batch.size";
    public static final String GROUP_SESSION_TIMEOUT_MS = "ingest.group.session.timeout.ms";
    public static final String METRICS_PORT = "ingest.metrics.port";
    public static final String METRICS_HOST = "ingest.metrics.host";

    public static final String WRITE_CONSUMER_GROUP = "write.consumer.group";
    public static final String WRITE_MAX_IN_FLIGHT = "write.max.in.flight";
    public static final String WRITE_PUT_TIMEOUT_MS = "write.put.timeout.ms";
    public static final String WRITE_RETRY_INITIAL_MS = "write.retry.initial.ms";
    public static final String WRITE_RETRY_MAX_MS = "write.retry.max.ms";
    public static final String WRITE_RETRY_MAX_TRIES = "write.retry.max.tries";
    public static final String WRITE_CIRCUIT_FAILURE_THRESHOLD = "write.circuit.failure.threshold";
    public static final String WRITE_CIRCUIT_RESET_TIMEOUT_MS = "write.circuit.reset.timeout.ms";
    public static final String WRITE_DEDUP_CAPACITY = "write.dedup.capacity";

    public static final String DEFAULT_CONSUMER_GROUP = "pvstream-ingest";
    public static final String DEFAULT_WRITE_CONSUMER_GROUP = "pvstream-ingest-writes";

    public static final ConfigDef DEFINITION = CommonConfig.define(new ConfigDef())
            .define(CA_ADDR_LIST, Type.STRING, "127.0.0.1", Importance.HIGH,
                    "Channel Access search addresses, space-separated host or host:port "
                            + "(EPICS_CA_ADDR_LIST). Loopback by default; production lists come from config.")
            .define(CA_AUTO_ADDR_LIST, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Also search on every broadcast address of the host's interfaces (EPICS_CA_AUTO_ADDR_LIST).")
            .define(CA_MAX_ARRAY_BYTES, Type.INT, 4 * 1024 * 1024, Range.atLeast(16384), Importance.MEDIUM,
                    "Largest CA payload accepted, bytes (EPICS_CA_MAX_ARRAY_BYTES). CAJ's default 16384 "
                            + "silently disconnects larger waveforms; a PV whose array exceeds this is not "
                            + "value-monitored: it gets an error in its pv.connections record (the PV's REST view), "
                            + "in the heartbeat and in the log, and the other PVs are unaffected.")
            .define(CA_MAX_SEARCH_INTERVAL, Type.DOUBLE, 2.0, Range.atLeast(0.1), Importance.LOW,
                    "Longest interval between searches of an unconnected PV, seconds. Without a CA repeater "
                            + "beacons do not arrive, so this bounds how fast a restarted IOC is found.")
            .define(CA_CONNECTION_TIMEOUT, Type.DOUBLE, 30.0, Range.atLeast(1), Importance.LOW,
                    "Seconds of silence after which a CA server connection is checked with an echo "
                            + "and dropped if it does not answer (EPICS_CA_CONN_TMO).")
            .define(CA_REPEATER_DISABLED, Type.BOOLEAN, true, Importance.LOW,
                    "Do not start a CA repeater. CAJ otherwise forks a repeater JVM that outlives the service. "
                            + "jca reads this only as the JVM-wide system property CA_DISABLE_REPEATER.")
            .define(PVA_ADDR_LIST, Type.STRING, "127.0.0.1", Importance.HIGH,
                    "pvAccess search addresses, space-separated host or host:port (EPICS_PVA_ADDR_LIST), for PVs "
                            + "whose pv.config protocol is PVA. Loopback by default. core-pva reads its settings once "
                            + "per JVM: the first ingest started in a JVM decides them.")
            .define(PVA_AUTO_ADDR_LIST, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Also search on every broadcast address of the host's interfaces (EPICS_PVA_AUTO_ADDR_LIST).")
            .define(PVA_BROADCAST_PORT, Type.INT, 5076, Range.between(1, 65535), Importance.LOW,
                    "UDP port pvAccess searches go to where an address has no port (EPICS_PVA_BROADCAST_PORT).")
            .define(PVA_TLS_KEYCHAIN, Type.STRING, "", Importance.LOW,
                    "Client TLS keychain (EPICS_PVA_TLS_KEYCHAIN); empty = plain TCP. Set explicitly (also the "
                            + "server one, EPICS_PVAS_TLS_KEYCHAIN, to empty) so that a stray ~/.config/pva file "
                            + "cannot switch TLS on. TLS needs BouncyCastle, which the ingest does not ship.")
            .define(INSTANCE_ID, Type.STRING, "", Importance.MEDIUM,
                    "Id of this ingest instance in heartbeats and connection records; empty = host-pid-random.")
            .define(CONSUMER_GROUP, Type.STRING, DEFAULT_CONSUMER_GROUP, Importance.LOW,
                    "Consumer group of the pv.config consumer; instances of one group share the PVs by partition.")
            .define(BUFFER_CAPACITY, Type.INT, 200_000, Range.atLeast(1), Importance.MEDIUM,
                    "Records held in order between CA and Kafka; beyond it, updates are coalesced per PV "
                            + "(newest wins) until the publisher catches up.")
            .define(HEARTBEAT_INTERVAL_MS, Type.LONG, 5000L, Range.atLeast(10), Importance.LOW,
                    "Period of the ingest.heartbeats record.")
            .define(CONNECT_BATCH_SIZE, Type.INT, 5000, Range.atLeast(1), Importance.LOW,
                    "Channels created per batch, flushed at once. The next batch follows as soon as fewer than this "
                            + "many created channels still await their first connection (back-pressure from CA "
                            + "searches), so many PVs do not flood UDP searches and no time is lost to pauses.")
            .define(CONNECT_BATCH_DELAY_MS, Type.LONG, 1000L, Range.atLeast(0), Importance.LOW,
                    "Longest wait for that back-pressure before the next batch of channel creations goes out "
                            + "anyway: PVs no IOC serves never connect and must not hold the rest back.")
            .define(PRODUCER_LINGER_MS, Type.INT, 5, Range.atLeast(0), Importance.LOW,
                    "linger.ms of the producer: a short wait that fills batches at high update rates.")
            .define(PRODUCER_COMPRESSION, Type.STRING, "lz4",
                    ValidString.in("none", "gzip", "snappy", "lz4", "zstd"), Importance.LOW,
                    "compression.type of the producer; lz4 is cheap in CPU and ships with kafka-clients.")
            .define(PRODUCER_BATCH_SIZE, Type.INT, 256 * 1024, Range.atLeast(1024), Importance.LOW,
                    "batch.size of the producer, bytes per partition batch. Kafka's 16 KiB default makes a batch of "
                            + "a few hundred updates, and each batch costs a compression stream and a request entry: "
                            + "larger batches cut the ingest's CPU per update at high rates.")
            .define(GROUP_SESSION_TIMEOUT_MS, Type.INT, 10_000, Range.between(6_000, 300_000), Importance.MEDIUM,
                    "session.timeout.ms of the pv.config consumer group: after this long without a heartbeat from a "
                            + "crashed instance its PVs move to the others (a closed instance leaves at once). Kafka's "
                            + "45 s default would leave them unmonitored that long; the broker's "
                            + "group.min.session.timeout.ms (6 s) is the floor.")
            .define(METRICS_PORT, Type.INT, 0, Range.between(0, 65535), Importance.MEDIUM,
                    "Port of the Prometheus endpoint (GET /metrics, text format) of this instance; 0 = no endpoint.")
            .define(METRICS_HOST, Type.STRING, "127.0.0.1", Importance.LOW,
                    "Address the Prometheus endpoint binds to. Loopback by default; 0.0.0.0 to let a Prometheus "
                            + "server on another host scrape it.")
            .define(WRITE_CONSUMER_GROUP, Type.STRING, DEFAULT_WRITE_CONSUMER_GROUP, Importance.LOW,
                    "Group id under which the pv.writes consumer commits its offsets. It takes the pv.writes "
                            + "partitions matching its pv.config partitions itself (no group membership), and "
                            + "commits a command only once its result is acknowledged.")
            .define(WRITE_MAX_IN_FLIGHT, Type.INT, 500, Range.atLeast(1), Importance.MEDIUM,
                    "Restore writes in progress at once (put, readback verification, result); more commands "
                            + "wait in Kafka. Puts are asynchronous, so this bounds memory, not threads.")
            .define(WRITE_PUT_TIMEOUT_MS, Type.LONG, 5000L, Range.atLeast(1), Importance.MEDIUM,
                    "How long a put may take to complete (its put-callback) before it counts as failed.")
            .define(WRITE_RETRY_INITIAL_MS, Type.LONG, 200L, Range.atLeast(0), Importance.LOW,
                    "First wait before retrying a write after a transient failure (channel disconnected, put "
                            + "timeout); it doubles on every further failure.")
            .define(WRITE_RETRY_MAX_MS, Type.LONG, 5000L, Range.atLeast(0), Importance.LOW,
                    "Longest wait between two tries of a write.")
            .define(WRITE_RETRY_MAX_TRIES, Type.INT, 8, Range.atLeast(1), Importance.LOW,
                    "Tries of a write before it is reported FAILED (1 = no retry); the job deadline ends it "
                            + "earlier as TIMED_OUT.")
            .define(WRITE_CIRCUIT_FAILURE_THRESHOLD, Type.INT, 5, Range.atLeast(1), Importance.MEDIUM,
                    "Failed puts in a row to one IOC after which its circuit breaker opens and its writes "
                            + "fail fast as CIRCUIT_OPEN.")
            .define(WRITE_CIRCUIT_RESET_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.MEDIUM,
                    "How long an open circuit breaker fails fast before it lets one trial write through "
                            + "(HALF_OPEN): success closes it, failure re-opens it.")
            .define(WRITE_DEDUP_CAPACITY, Type.INT, 100_000, Range.atLeast(1), Importance.LOW,
                    "Write commands (job, attempt, PV) remembered to skip a command delivered again, e.g. "
                            + "when a partition is re-read from its last commit.");

    private final String instanceId;

    public IngestConfig(Map<?, ?> values) {
        super(DEFINITION, values, false);
        String configured = getString(INSTANCE_ID);
        this.instanceId = configured.isBlank() ? generatedInstanceId() : configured;
    }

    /**
     * Defaults, then {@code config.file}, then env, then overrides.
     *
     * @param env       the process environment (tests pass their own)
     * @param overrides values that win over everything else
     */
    public static IngestConfig load(Map<String, String> env, Map<String, ?> overrides) {
        return new IngestConfig(ConfigLoader.resolve(DEFINITION, env, overrides));
    }

    /** The configured instance id, or the one generated for this config object. */
    public String instanceId() {
        return instanceId;
    }

    private static String generatedInstanceId() {
        return hostName() + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Host name for ids and heartbeats; never fails (a heartbeat without a host name is still a heartbeat). */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
