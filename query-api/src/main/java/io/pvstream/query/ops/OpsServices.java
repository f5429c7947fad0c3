package io.pvstream.query.ops;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.records.cluster.PeerClient;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.ReplicaLsn;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.ops.OpsPendingLookup;
import io.pvstream.records.buffer.AdminTopicOffsets;
import io.pvstream.records.buffer.FlowSampler;
import io.pvstream.records.buffer.KafkaDeadLetters;
import io.pvstream.records.buffer.KafkaTxPublisher;
import io.pvstream.records.catalog.JdbcConfigurations;
import io.pvstream.records.catalog.JdbcTags;
import io.pvstream.records.db.BackgroundMigrations;
import io.pvstream.records.db.DatabasePoller;
import io.pvstream.records.db.DatabaseStatus;
import io.pvstream.records.db.JdbcUrls;
import io.pvstream.records.db.OpsConfig;
import io.pvstream.records.db.OpsDatabase;
import io.pvstream.records.db.OpsMigrations;
import io.pvstream.records.db.RateLimitedLog;

/**
 * The running parts of operations records in one query-api instance: the Kafka producer, the database pools,
 * the background migrations, the database poller and the flow sampler. {@link #start} never waits for
 * PostgreSQL; {@link #close} stops everything it started.
 */
public final class OpsServices implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsServices.class);
    private static final Duration MIGRATION_FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MIGRATION_MAX_RETRY = Duration.ofSeconds(30);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MIN_PRIMARY_POLL = Duration.ofSeconds(1);

    private final OpsConfig.OpsSettings settings;
    private final Map<String, Object> kafkaProps;
    private final Producer<byte[], byte[]> producer;
    private final OpsDatabase database;
    private final BackgroundMigrations migrations;
    private final DatabasePoller poller;
    private final FlowSampler sampler;
    private final RateLimitedLog lsnFailures = new RateLimitedLog(log, Duration.ofMinutes(1));

    private OpsServices(OpsConfig.OpsSettings settings, Map<String, Object> kafkaProps, Admin admin) {
        this.settings = settings;
        this.kafkaProps = kafkaProps;
        this.producer = KafkaTxPublisher.newProducer(kafkaProps, settings.writeTimeout());
        this.database = OpsDatabase.connect(settings.jdbcUrl(), settings.replicaJdbcUrl(), settings.user(),
                settings.password().value(), settings.jdbcTimeout());
        this.migrations = settings.databaseConfigured() ? new BackgroundMigrations(() -> OpsMigrations.migrate(
                settings.jdbcUrl(), settings.user(), settings.password().value()), MIGRATION_FIRST_RETRY,
                MIGRATION_MAX_RETRY) : null;
        this.poller = settings.databaseConfigured() ? new DatabasePoller(database.primaryDataSource().orElseThrow(),
                database.replicaDataSource().orElse(null),
                settings.replicaConfigured() ? JdbcUrls.hostPort(settings.replicaJdbcUrl()) : null,
                this::publishLsn, Clock.systemUTC()) : null;
        this.sampler = new FlowSampler(new AdminTopicOffsets(admin, ADMIN_TIMEOUT), System::nanoTime, Clock.systemUTC());
    }

    /**
     * Starts the background parts: migrations (with retry), the database poller, the flow sampler.
     *
     * @param kafkaProps bootstrap servers and {@code kafka.*} pass-through, as every client of the instance gets
     * @param admin      the instance's Admin client (stays the caller's)
     */
    public static OpsServices start(OpsConfig.OpsSettings settings, Map<String, Object> kafkaProps, Admin admin) {
        OpsServices services = new OpsServices(settings, kafkaProps, admin);
        try {
            if (services.migrations != null) {
                services.migrations.start();
            }
            if (services.poller != null) {
                Duration interval = settings.replicaConfigured() ? settings.replicaPollInterval()
                        : max(settings.replicaPollInterval(), MIN_PRIMARY_POLL);
                services.poller.start(interval);
            }
            services.sampler.start(settings.rateSampleInterval());
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        if (settings.replicaConfirms() && !settings.replicaConfigured()) {
            log.warn("{}=true but {} is empty here: unless another instance polls the replica, buffered transactions"
                    + " are never confirmed (they stay pending, reads stay correct)", "ops.replica.enabled",
                    OpsConfig.REPLICA_JDBC_URL);
        }
        log.info("operations records: database {}, replica {}", settings.databaseConfigured()
                ? JdbcUrls.hostPort(settings.jdbcUrl()) : "none (pending buffer only)",
                settings.replicaConfigured() ? JdbcUrls.hostPort(settings.replicaJdbcUrl()) : "none");
        return services;
    }

    /** The HTTP side over these services; {@code lookup} may be late-bound (Streams starts after HTTP). */
    public OpsEndpoints endpoints(OpsPendingLookup lookup, PeerClient peers, long maxBodyBytes) {
        return new OpsEndpoints(new OpsEndpoints.Parts(lookup, peers,
                new KafkaTxPublisher(producer, settings.writeTimeout()),
                new JdbcConfigurations(database), new JdbcTags(database),
                new KafkaDeadLetters(kafkaProps, producer, settings.writeTimeout()),
                sampler::latest, () -> poller == null ? DatabaseStatus.UNKNOWN : poller.status(),
                UUID::randomUUID, Clock.systemUTC(), maxBodyBytes, settings.maxPvsPerConfiguration()));
    }

    /** The database pools (primary, replica), for the readers of other kinds of records. */
    public OpsDatabase database() {
        return database;
    }

    /** Whether the migrations have succeeded (always false without a database). */
    public boolean migrated() {
        return migrations != null && migrations.done();
    }

    @Override
    public void close() {
        sampler.close();
        if (poller != null) {
            poller.close();
        }
        if (migrations != null) {
            migrations.close();
        }
        database.close();
        producer.close(Duration.ofSeconds(5));
    }

    /** Fire and forget: a lost position is replaced by the next poll's. */
    private void publishLsn(ReplicaLsn lsn) {
        producer.send(new ProducerRecord<>(Topics.OPS_REPLICA_LSN, lsn.getReplica().getBytes(StandardCharsets.UTF_8),
                Serdes.REPLICA_LSN.serialize(Topics.OPS_REPLICA_LSN, lsn)), (metadata, error) -> {
                    if (error != null) {
                        lsnFailures.warn("cannot publish the replica replay position to " + Topics.OPS_REPLICA_LSN,
                                error);
                    }
                });
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
