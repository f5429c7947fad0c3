package io.pvstream.query.security;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.records.db.OpsDatabase;
import io.pvstream.records.keys.ApiKeys;
import io.pvstream.records.keys.EpochClock;
import io.pvstream.records.keys.JdbcAuditLog;
import io.pvstream.records.keys.KafkaSecurityRecords;
import io.pvstream.records.keys.KeyBootstrap;
import io.pvstream.records.keys.KeyTopicReader;
import io.pvstream.records.keys.KnownKeys;

/**
 * The running parts of security in one query-api instance: the producer of key and audit records, the reader of
 * {@code security.keys}, and the first-start key. {@link #start} does not wait for Kafka; {@link #close} stops what
 * it started.
 */
public final class SecurityServices implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SecurityServices.class);

    private final SecurityConfig.Settings settings;
    private final KafkaSecurityRecords records;
    private final KeyTopicReader reader;
    private final ApiKeys keys;
    private final ObjectMapper mapper;

    private SecurityServices(SecurityConfig.Settings settings, KafkaSecurityRecords records, KeyTopicReader reader,
                             ApiKeys keys, ObjectMapper mapper) {
        this.settings = settings;
        this.records = records;
        this.reader = reader;
        this.keys = keys;
        this.mapper = mapper;
    }

    /**
     * @param kafkaProps bootstrap servers and the {@code kafka.*} pass-through
     * @param clientId   names this instance's clients
     * @param console    where a generated first-start key is printed (standard output)
     */
    public static SecurityServices start(SecurityConfig.Settings settings, Map<String, Object> kafkaProps,
                                         String clientId, Duration writeTimeout, ObjectMapper mapper,
                                         PrintStream console) {
        EpochClock clock = EpochClock.of(Clock.systemUTC());
        KafkaSecurityRecords records = new KafkaSecurityRecords(kafkaProps, clientId + "-security", writeTimeout,
                mapper, UUID::randomUUID, clock);
        KnownKeys known = new KnownKeys();
        ApiKeys keys = new ApiKeys(known, records, Clock.systemUTC(), UUID::randomUUID,
                settings.bootstrapAdminKey().value());
        KeyTopicReader reader = null;
        try {
            reader = new KeyTopicReader(kafkaProps, clientId + "-keys", known, () -> {
                if (settings.enabled()) {
                    KeyBootstrap.generateIfNoKey(keys, console);
                }
            });
            reader.start();
        } catch (RuntimeException e) {
            records.close();
            throw e;
        }
        if (settings.enabled() && settings.internalToken().value().isEmpty()) {
            log.warn("{} is empty: other instances refuse this one's internal POSTs (snapshots spanning several "
                    + "instances){}; give every instance the same token", SecurityConfig.INTERNAL_TOKEN,
                    settings.readsOpen() ? "" : " and every forwarded read");
        }
        log.info("security: {}, reads {}, HTTP{}", settings.enabled() ? "on (writes need an API key)" : "OFF",
                settings.readsOpen() ? "open" : "need a key", settings.tls() ? "S" : " (no TLS)");
        return new SecurityServices(settings, records, reader, keys, mapper);
    }

    /**
     * The HTTP side.
     *
     * @param database the operations database (the audit trail is read from it)
     * @param instance this instance's address once HTTP listens
     */
    public SecurityApi api(OpsDatabase database, Supplier<String> instance, SecurityApi.Listen listen) {
        AuthFailures failures = new AuthFailures(settings.maxFailures(), settings.failureWindow(),
                settings.trackedAddresses(), System::nanoTime);
        AccessControl access = new AccessControl(settings, keys, failures, EpochClock.of(Clock.systemUTC()));
        return new SecurityApi(settings, access, records, new SecurityEndpoints(keys, new JdbcAuditLog(database, mapper), mapper), instance,
                listen);
    }

    /** The token to send other instances, or null for none. */
    public String clusterToken() {
        String token = settings.internalToken().value();
        return token.isEmpty() ? null : token;
    }

    /** The TLS client context for asking other instances, or null without TLS. */
    public SSLContext peerTls() {
        return settings.tls() ? Tls.peerContext(settings.tlsKeystore(), settings.tlsKeystorePassword()) : null;
    }

    public ApiKeys keys() {
        return keys;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } finally {
            records.close();
        }
    }
}
