package io.pvstream.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.config.ConfigLoader;

/** Configuration of the Kafka Streams instance that keeps the latest state of every PV. */
public final class StreamsAppConfig extends AbstractConfig {

    public static final String APPLICATION_ID = "streams.application.id";
    public static final String STATE_DIR = "streams.state.dir";
    public static final String THREADS = "streams.threads";
    public static final String COMMIT_INTERVAL_MS = "streams.commit.interval.ms";
    public static final String FETCH_MAX_WAIT_MS = "streams.fetch.max.wait.ms";
    public static final String STORE_CACHE_BYTES = "streams.store.cache.bytes";
    public static final String STATE_OBJECTS_PER_TASK = "streams.state.objects.per.task";
    public static final String STANDBY_REPLICAS = "streams.standby.replicas";
    public static final String CLOSE_TIMEOUT_MS = "streams.close.timeout.ms";
    public static final String OPS_REPLICA_ENABLED = "ops.replica.enabled";
    public static final String OPS_CONFIRM_CHECK_INTERVAL_MS = "ops.confirm.check.interval.ms";
    public static final String OPS_CONFIRM_TIMEOUT_MS = "ops.confirm.timeout.ms";
    public static final String RESTORE_CHECK_INTERVAL_MS = "restore.check.interval.ms";
    public static final String RESTORE_JOB_RETENTION_MS = "restore.job.retention.ms";
    public static final String STALE_THRESHOLD_MS = "stale.threshold.ms";
    public static final String STALE_CHECK_INTERVAL_MS = "stale.check.interval.ms";

    /** Parent of the derived per-instance state directories when {@value #STATE_DIR} is empty. */
    static final String DEFAULT_STATE_PARENT = "pvstream-streams";

    public static final ConfigDef DEFINITION = define(CommonConfig.define(new ConfigDef()));

    public StreamsAppConfig(Map<?, ?> originals) {
        super(DEFINITION, originals);
    }

    /** Defaults, then {@code PVSTREAM_*} env vars (and the optional config file), then overrides. */
    public static StreamsAppConfig load(Map<String, String> env, Map<String, ?> overrides) {
        return new StreamsAppConfig(ConfigLoader.resolve(DEFINITION, env, overrides));
    }

    /** Adds the streams keys to a module's definition (query-api embeds the Streams instance). */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(APPLICATION_ID, Type.STRING, "pvstream", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Kafka Streams application.id: the consumer group of all instances of one deployment and the "
                                + "prefix of its internal topics (changelogs). Changing it starts from empty stores.")
                .define(STATE_DIR, Type.STRING, "", Importance.MEDIUM,
                        "Directory of the local state stores. Empty = <java.io.tmpdir>/" + DEFAULT_STATE_PARENT
                                + "/<host>_<port> derived from the instance's HTTP address, so several instances can "
                                + "share a machine or a JVM. Stores are rebuilt from their changelogs when it is lost.")
                .define(THREADS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                        "Stream threads of this instance (num.stream.threads).")
                .define(COMMIT_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                        "How often offsets are committed (commit.interval.ms). Freshness does not depend on it: "
                                + "interactive queries see each update as it is applied (the stores keep objects), and "
                                + "diffs are sent as they are made. A commit costs the stream thread a producer flush, "
                                + "an offset commit round trip and store checkpoints: at 100 ms they took about half of "
                                + "its time under load (bench pipeline). On a restart the records after the last commit "
                                + "are processed again (the same state; a diff may be sent twice).")
                .define(FETCH_MAX_WAIT_MS, Type.INT, 20, Range.atLeast(0), Importance.LOW,
                        "How long the broker may hold a fetch of the stream threads' consumer that finds no new data "
                                + "(fetch.max.wait.ms, Kafka's default 500). A consumer has one fetch in flight per "
                                + "broker, and the PV task reads quiet topics (pv.meta, pv.config) beside pv.values: "
                                + "with 500 ms, a fetch of only the quiet ones blocked pv.values for up to 500 ms, "
                                + "which left the stream thread idle most of the time and delayed fresh values.")
                .define(STORE_CACHE_BYTES, Type.LONG, 64L * 1024 * 1024, Range.atLeast(0), Importance.LOW,
                        "Memory of the record cache (statestore.cache.max.bytes, shared by the stream threads) in "
                                + "front of the stores that ask for one: pv-stale, the stale-PV index. The per-update "
                                + "PV stores keep objects instead (" + STATE_OBJECTS_PER_TASK + "). Every KTable runs "
                                + "without it, so nothing downstream waits for a cache flush. 0 = no cache.")
                .define(STATE_OBJECTS_PER_TASK, Type.INT, 100_000, Range.atLeast(1), Importance.LOW,
                        "How many PV states each per-update PV store (pv-latest, pv-diff-emitted, pv-archived, "
                                + "pv-config) keeps "
                                + "as objects per task: an update's reads and writes cost a hash lookup; what changed "
                                + "reaches RocksDB and the changelog once per commit (a 10 Hz PV with a 1 s commit "
                                + "interval: 1 changelog record instead of 10 per store), and interactive queries see "
                                + "each write at once. Beyond it the clean ones are dropped and read again from "
                                + "RocksDB. About 1 KB per PV over the four stores.")
                .define(STANDBY_REPLICAS, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                        "Warm copies of each store on other instances (num.standby.replicas): faster fail-over, "
                                + "more disk and network.")
                .define(CLOSE_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                        "How long closing the Streams instance may take before it is abandoned.")
                .define(OPS_REPLICA_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Whether a buffered operations transaction is final only once a PostgreSQL replica has "
                                + "replayed it (replay LSN from ops.replica.lsn >= the transaction's LSN). When false, "
                                + "a transaction is final as soon as all its rows appear in CDC from the primary. "
                                + "Deployment-wide: every instance must build the same topology.")
                .define(OPS_CONFIRM_CHECK_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
                        "How often (wall clock) pending operations transactions are checked against the replica "
                                + "replay position and the confirm timeout.")
                .define(OPS_CONFIRM_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM,
                        "A buffered operations transaction not confirmed this long after the API accepted it is "
                                + "reported once (WARN log and an OVERDUE event on ops.tx.confirmed). It stays pending "
                                + "until confirmed: nothing is dropped.")
                .define(RESTORE_CHECK_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                        "How often (wall clock) RUNNING restore jobs are checked against their deadline; a job "
                                + "with PVs still without an outcome at its deadline becomes TIMED_OUT.")
                .define(RESTORE_JOB_RETENTION_MS, Type.LONG, Duration.ofDays(30).toMillis(), Range.atLeast(1),
                        Importance.LOW,
                        "How long a finished restore job and its per-PV results stay queryable after it finished. "
                                + "Deployment-wide: every instance must build the same topology.")
                .define(STALE_THRESHOLD_MS, Type.LONG, Duration.ofMinutes(5).toMillis(), Range.atLeast(1),
                        Importance.MEDIUM,
                        "A connected PV with no value update (receive time) for longer than this is flagged stale "
                                + "(PV view \"stale\", GET /api/v1/health/stale). Deployment-wide.")
                .define(STALE_CHECK_INTERVAL_MS, Type.LONG, Duration.ofMinutes(1).toMillis(), Range.atLeast(1),
                        Importance.LOW,
                        "How often (wall clock) the stale watchdog scans the PVs of each task; a PV is flagged at "
                                + "most this long after it crossed the threshold.");
    }

    public Duration closeTimeout() {
        return Duration.ofMillis(getLong(CLOSE_TIMEOUT_MS));
    }

    /**
     * The state directory this instance uses: the configured one, or one derived from its address.
     *
     * @param applicationServer {@code host:port} other instances reach this one at
     */
    public Path stateDir(String applicationServer) {
        String configured = getString(STATE_DIR);
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), DEFAULT_STATE_PARENT, fileSafe(applicationServer));
    }

    /** {@code 127.0.0.1:8080} → {@code 127.0.0.1_8080}: usable in file names and member ids. */
    private static String fileSafe(String applicationServer) {
        return applicationServer.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    /**
     * Everything {@code KafkaStreams} needs: {@code bootstrap.servers} and the {@code kafka.*} pass-through
     * first, then the keys of this class, which win.
     *
     * @param applicationServer {@code host:port} of this instance's HTTP API, published to the other
     *                          instances so they can forward queries for keys this instance owns
     */
    public Properties streamsProperties(String applicationServer) {
        Properties props = new Properties();
        props.putAll(CommonConfig.kafkaClientProps(this));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, getString(APPLICATION_ID));
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(applicationServer).toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(THREADS));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(STANDBY_REPLICAS));
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), getInt(FETCH_MAX_WAIT_MS));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) getShort(CommonConfig.TOPIC_REPLICATION));
        short minInSync = getShort(CommonConfig.TOPIC_MIN_INSYNC_REPLICAS);
        if (minInSync > 0) { // changelogs hold the stores: as durable as the topics they are built from
            props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), (int) minInSync);
        }
        // Only pv-stale asks for the cache (withCachingEnabled; the per-update PV stores are ObjectStores); every
        // KTable turns it off, so no downstream record waits for a cache flush.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, getLong(STORE_CACHE_BYTES));
        // Static membership, one member id per instance address: a restart at the same address within the
        // session timeout causes no rebalance, and close() can leave the group at once (see QueryApiServer),
        // instead of leaving its partitions unserved until the session times out. Two instances claiming the
        // same address are fenced instead of silently answering for each other.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                getString(APPLICATION_ID) + "-" + fileSafe(applicationServer));
        // Kafka Streams lingers 100 ms by default: every diff and changelog record would wait that long, and a
        // 10 Hz PV's diffs would reach clients in bursts. At high rates batches fill long before 5 ms.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // A task processes whatever its consumer has buffered, without first checking, record by record, whether
        // any of its other input partitions may hold older data still on the broker (the default 0 does: 7 % of the
        // stream thread at 10K updates/s, JFR). Nothing here needs that cross-topic time order: a CDC row follows
        // the processed ops.tx record that caused it, a write result before its job is kept until the job comes,
        // and a PV's value, metadata and connection are separate parts of its state.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // A pv.diffs record holds two values of a PV; a waveform's may exceed the 1 MB producer default.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.DIFFS_MAX_MESSAGE_BYTES);
        // Restore jobs are started in one Kafka transaction (job, writes, planner results): read only committed
        // ones, so a job is never counted from half of them. Non-transactional topics read as before.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        // One undecodable record must not stop every PV of its partition: log it and go on.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        return props;
    }
}
