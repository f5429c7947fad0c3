package io.pvstream.query.security;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import io.pvstream.records.keys.KeyBootstrap;

/**
 * The {@code security.*} and {@code http.tls.*} keys of query-api; added to {@code QueryApiConfig}. Secrets are
 * {@link Type#PASSWORD}s: Kafka's config logging and every {@code toString} show them as {@code [hidden]}.
 */
public final class SecurityConfig {

    public static final String ENABLED = "security.enabled";
    public static final String READS_OPEN = "security.reads.open";
    public static final String BOOTSTRAP_ADMIN_KEY = KeyBootstrap.CONFIG_KEY;
    public static final String INTERNAL_TOKEN = "security.internal.token";
    public static final String AUTH_FAILURES_MAX = "security.auth.failures.max";
    public static final String AUTH_FAILURES_WINDOW_MS = "security.auth.failures.window.ms";
    public static final String AUTH_FAILURES_TRACKED = "security.auth.failures.tracked.max";
    public static final String TLS_KEYSTORE_PATH = "http.tls.keystore.path";
    public static final String TLS_KEYSTORE_PASSWORD = "http.tls.keystore.password";

    /**
     * The settings read back.
     *
     * @param tlsKeystore null = plain HTTP
     */
    public record Settings(boolean enabled, boolean readsOpen, Password bootstrapAdminKey, Password internalToken,
                           int maxFailures, Duration failureWindow, int trackedAddresses, Path tlsKeystore,
                           Password tlsKeystorePassword) {

        /** Security off: every request is let through (the audit trail still records writes). */
        public static Settings disabled() {
            return new Settings(false, true, new Password(""), new Password(""), 10, Duration.ofMinutes(1), 10_000,
                    null, new Password(""));
        }

        public boolean tls() {
            return tlsKeystore != null;
        }
    }

    private SecurityConfig() {
    }

    public static ConfigDef define(ConfigDef def) {
        return def
                .define(ENABLED, Type.BOOLEAN, true, Importance.HIGH,
                        "Writes need an API key (Authorization: Bearer <key>) of a strong enough role, failed "
                                + "authentications are rate-limited. false = anyone who reaches the port may do "
                                + "anything (writes are still audited).")
                .define(READS_OPEN, Type.BOOLEAN, true, Importance.HIGH,
                        "Reads (GET, the WebSocket) need no key. false = they need a key of any role; instances then "
                                + "need " + INTERNAL_TOKEN + " to ask each other.")
                .define(BOOTSTRAP_ADMIN_KEY, Type.PASSWORD, "", Importance.HIGH,
                        "An admin API key every instance accepts (e.g. from a secret store); give every instance the "
                                + "same. Empty: at first start, when no key exists, an admin key is generated and "
                                + "printed once to standard output.")
                .define(INTERNAL_TOKEN, Type.PASSWORD, "", Importance.HIGH,
                        "Shared secret instances send each other on /api/v1/internal/* (header "
                                + "X-Pvstream-Cluster-Token); needed for internal POSTs (snapshot scans over several "
                                + "instances) and, with closed reads, for every internal request. Same on every "
                                + "instance.")
                .define(AUTH_FAILURES_MAX, Type.INT, 10, Range.atLeast(1), Importance.LOW,
                        "Failed authentications (unknown or revoked key, wrong cluster token) one client address "
                                + "may make within " + AUTH_FAILURES_WINDOW_MS + "; then it gets 429 until the window "
                                + "ends.")
                .define(AUTH_FAILURES_WINDOW_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                        "Window of " + AUTH_FAILURES_MAX + ".")
                .define(AUTH_FAILURES_TRACKED, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                        "Client addresses whose failures are tracked at most (bounded memory; the least recently "
                                + "failing is forgotten first).")
                .define(TLS_KEYSTORE_PATH, Type.STRING, "", Importance.MEDIUM,
                        "PKCS12 keystore with the HTTP server's key and certificate: set = HTTPS only (and the "
                                + "WebSocket as wss). Instances then ask each other over HTTPS and trust the "
                                + "certificates of this keystore besides the JDK's; give every instance a certificate "
                                + "for its " + "http.advertised.host.")
                .define(TLS_KEYSTORE_PASSWORD, Type.PASSWORD, "", Importance.MEDIUM,
                        "Password of " + TLS_KEYSTORE_PATH + " (and of its key).");
    }

    public static Settings settings(AbstractConfig config) {
        String keystore = config.getString(TLS_KEYSTORE_PATH);
        return new Settings(config.getBoolean(ENABLED), config.getBoolean(READS_OPEN),
                config.getPassword(BOOTSTRAP_ADMIN_KEY), config.getPassword(INTERNAL_TOKEN),
                config.getInt(AUTH_FAILURES_MAX), Duration.ofMillis(config.getLong(AUTH_FAILURES_WINDOW_MS)),
                config.getInt(AUTH_FAILURES_TRACKED), keystore.isBlank() ? null : Path.of(keystore),
                config.getPassword(TLS_KEYSTORE_PASSWORD));
    }
}
