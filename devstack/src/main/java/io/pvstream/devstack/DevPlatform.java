package io.pvstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.IngestService;
import io.pvstream.query.QueryApiConfig;
import io.pvstream.query.QueryApiServer;
import io.pvstream.records.keys.KeySecrets;
import io.pvstream.query.security.SecurityConfig;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvProtocol;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.config.ConfigLoader;
import io.pvstream.schemas.serde.AvroSerde;
import io.pvstream.simioc.SimulatedIoc;
import io.pvstream.simioc.pva.SimPvaServer;

/**
 * The whole platform in one process on embedded defaults: a KRaft broker, a simulated IOC, the
 * ingest and the query API (which embeds the Streams app). Everything binds 127.0.0.1.
 * {@link #close()} stops the parts in reverse order of start, so nothing is left running; it may come from
 * another thread (a shutdown hook) at any moment of {@link #startAll}: each part is registered before it
 * launches a child process (see {@link StartedParts}).
 */
public final class DevPlatform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevPlatform.class);

    private final StartedParts started = new StartedParts();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private EmbeddedKafka kafka;
    private SimulatedIoc ioc;
    private IngestService ingest;
    private QueryApiServer api;
    private String adminKey;
    private boolean adminKeyConfigured;

    private DevPlatform() {
    }

    /**
     * Starts every part; on failure stops what was started and rethrows.
     *
     * @param env the environment, whose {@code PVSTREAM_*} values the services read as well
     */
    public static DevPlatform start(DevConfig config, Map<String, String> env) {
        DevPlatform platform = unstarted();
        try {
            platform.startAll(config, env);
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** Nothing runs yet: give {@link #close()} to a shutdown hook first, then call {@link #startAll}. */
    public static DevPlatform unstarted() {
        return new DevPlatform();
    }

    /**
     * Starts every part. Fails (with what was started still running: {@link #close()} stops it) when a part
     * fails, or when {@link #close()} was called meanwhile.
     */
    public void startAll(DevConfig config, Map<String, String> env) {
        AvroSerde.trustOurPackages(); // before the first PvConfig is built below
        Map<String, Object> serviceOverrides = serviceOverrides(config);
        Path dataDir = config.dataDir();

        kafka = track(EmbeddedKafka.start(dataDir.resolve("kafka"), config.getInt(DevConfig.BROKER_PORT)));
        addresses.put("Kafka bootstrap", kafka.bootstrapServers());
        serviceOverrides.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());

        QueryApiConfig apiConfig = QueryApiConfig.load(env, withStateDir(serviceOverrides, dataDir));
        try (Admin admin = Admin.create(CommonConfig.kafkaClientProps(apiConfig))) {
            TopicInitializer.ensureTopics(admin, apiConfig.getInt(CommonConfig.TOPIC_PARTITIONS),
                    apiConfig.getShort(CommonConfig.TOPIC_REPLICATION));
        }

        if (config.getBoolean(DevConfig.OPS_ENABLED)) {
            OpsStack ops = track(new OpsStack(dataDir.resolve("postgres"), OpsStack.kafkaProps(kafka.bootstrapServers(),
                    apiConfig.getInt(CommonConfig.TOPIC_PARTITIONS), apiConfig.getShort(CommonConfig.TOPIC_REPLICATION)),
                    config.getInt(DevConfig.BACKGROUND_NICENESS)));
            ops.start();
            addresses.putAll(new java.util.TreeMap<>(ops.addresses()));
            serviceOverrides.putAll(ops.serviceOverrides());
        }

        List<String> caAddresses = new ArrayList<>();
        String extraAddresses = config.getString(DevConfig.CA_ADDR_LIST).strip();
        if (!extraAddresses.isEmpty()) {
            caAddresses.add(extraAddresses);
        }
        Set<String> desiredPvs = new TreeSet<>();
        if (config.getBoolean(DevConfig.SIM_ENABLED)) {
            ioc = track(SimulatedIoc.builder()
                    .port(config.getInt(DevConfig.SIM_PORT))
                    .pvCount(config.getInt(DevConfig.SIM_PVS))
                    .updateRateHz(config.getDouble(DevConfig.SIM_RATE_HZ))
                    .build());
            ioc.start();
            caAddresses.add(ioc.addressList());
            desiredPvs.addAll(ioc.pvNames());
            addresses.put("Simulated IOC (CA)", ioc.addressList() + "  (" + ioc.pvNames().size() + " PVs)");
        }
        List<PvConfig> pvaConfigs = new ArrayList<>();
        if (config.getBoolean(DevConfig.SIM_ENABLED) && config.getBoolean(DevConfig.SIM_PVA_ENABLED)) {
            // before the ingest: the simulated pvAccess IOC sends no beacons
            SimPvaServer pva = track(SimPvaServer.start());
            pva.pvNames().forEach(pv -> pvaConfigs.add(PvConfig.newBuilder().setName(pv).setProtocol(PvProtocol.PVA)
                    .setReadbackPv(pv.equals(pva.prefix() + "SP") ? pva.prefix() + "RB" : null).build()));
            addresses.put("Simulated IOC (pvAccess)", "127.0.0.1:" + pva.tcpPort() + "  (" + pvaConfigs.size()
                    + " PVs, searches on UDP 5076)");
        }
        String pvFile = config.getString(DevConfig.PV_FILE);
        if (!pvFile.isBlank()) {
            desiredPvs.addAll(PvConfigSeeder.readPvFile(Path.of(pvFile)));
        }
        if (!caAddresses.isEmpty()) {
            serviceOverrides.put(IngestConfig.CA_ADDR_LIST, String.join(" ", caAddresses));
        }
        PvConfigSeeder.seed(CommonConfig.kafkaClientProps(apiConfig), desiredPvs);
        PvConfigSeeder.seedConfigs(CommonConfig.kafkaClientProps(apiConfig), pvaConfigs);
        log.info("desired PV set: {} PVs added to pv.config", desiredPvs.size() + pvaConfigs.size());

        devSecurity(apiConfig, serviceOverrides, dataDir);

        // Prometheus metrics on by default in dev, on a free port unless one (or 0 = off) is given
        if (!serviceOverrides.containsKey(IngestConfig.METRICS_PORT)
                && !env.containsKey(ConfigLoader.envName(IngestConfig.METRICS_PORT))) {
            serviceOverrides.put(IngestConfig.METRICS_PORT, FreePorts.pick());
        }
        IngestConfig ingestConfig = IngestConfig.load(env, serviceOverrides);
        ingest = track(new IngestService(ingestConfig));
        ingest.start();
        addresses.put("Ingest instance", ingest.instanceId());
        if (ingestConfig.getInt(IngestConfig.METRICS_PORT) > 0) {
            addresses.put("Ingest metrics", "http://" + ingestConfig.getString(IngestConfig.METRICS_HOST) + ":"
                    + ingestConfig.getInt(IngestConfig.METRICS_PORT) + "/metrics");
        }

        api = track(QueryApiServer.start(QueryApiConfig.load(env, withStateDir(serviceOverrides, dataDir))));
        addresses.put("Query API (HTTP)", "http://127.0.0.1:" + api.port() + "/api/v1/health");
        addresses.put("Console", "http://127.0.0.1:" + api.port() + "/console/  (sign in with the admin key below)");
        if (!api.awaitRunning(Duration.ofSeconds(60))) {
            log.warn("Streams is not RUNNING yet ({}); the API answers 503 until it is", api.streamsState());
        }
    }

    /**
     * Security stays on in dev, as in production, but needs no setup: unless
     * {@value SecurityConfig#BOOTSTRAP_ADMIN_KEY} is configured, the admin key is generated once per data directory (kept in {@code dev-admin-key}, so it stays
     * the same across restarts) and shown in the banner; the cluster token likewise, when none is configured.
     */
    private void devSecurity(QueryApiConfig apiConfig, Map<String, Object> serviceOverrides, Path dataDir) {
        SecurityConfig.Settings security = apiConfig.securitySettings();
        adminKeyConfigured = !security.bootstrapAdminKey().value().isEmpty();
        adminKey = adminKeyConfigured ? security.bootstrapAdminKey().value()
                : readOrGenerate(dataDir.resolve("dev-admin-key"));
        serviceOverrides.put(SecurityConfig.BOOTSTRAP_ADMIN_KEY, adminKey);
        if (security.internalToken().value().isEmpty()) {
            serviceOverrides.put(SecurityConfig.INTERNAL_TOKEN, readOrGenerate(dataDir.resolve("dev-internal-token")));
        }
    }

    private static String readOrGenerate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String kept = Files.readString(file).strip();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            String secret = KeySecrets.generate();
            Files.createDirectories(file.getParent());
            Files.writeString(file, secret + "\n");
            try {
                Files.setPosixFilePermissions(file,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own permissions protect it
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the dev secret in " + file, e);
        }
    }

    /** Keys passed through to the services: every option that is not the launcher's own. */
    private static Map<String, Object> serviceOverrides(DevConfig config) {
        Map<String, Object> overrides = new HashMap<>();
        config.originals().forEach((key, value) -> {
            if (!DevConfig.LAUNCHER_ONLY.contains(key)) {
                overrides.put(key, value);
            }
        });
        overrides.put(DevConfig.HTTP_PORT, config.getInt(DevConfig.HTTP_PORT));
        return overrides;
    }

    private static Map<String, Object> withStateDir(Map<String, Object> overrides, Path dataDir) {
        Map<String, Object> values = new HashMap<>(overrides);
        values.putIfAbsent("streams.state.dir", dataDir.resolve("streams").toString());
        return values;
    }

    private <T extends AutoCloseable> T track(T part) {
        return started.add(part);
    }

    /** What was started and where, for the console. */
    public Map<String, String> addresses() {
        return Map.copyOf(addresses);
    }

    public String describe() {
        StringBuilder out = new StringBuilder("pvstream dev is up:\n");
        addresses.forEach((part, where) -> out.append(String.format("  %-20s %s%n", part, where)));
        out.append(String.format("  %-20s %s%n", "Admin API key", adminKeyConfigured
                ? "(from " + SecurityConfig.BOOTSTRAP_ADMIN_KEY + ")"
                : adminKey + "  (dev only; kept in the data dir)"));
        out.append("  try: curl -s http://127.0.0.1:").append(api.port()).append("/api/v1/pvs/SIM:PV00001\n");
        out.append("  write: curl -s -H 'Authorization: Bearer ").append(adminKeyConfigured ? "<key>" : adminKey)
                .append("' -H 'Content-Type: application/json' -d '{\"name\":\"golden\"}' http://127.0.0.1:")
                .append(api.port()).append("/api/v1/tags\n");
        return out.toString();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The admin API key the dev query API accepts (configured, or generated for the data directory). */
    public String adminKey() {
        return adminKey;
    }

    public int httpPort() {
        return api.port();
    }

    public SimulatedIoc ioc() {
        return ioc;
    }

    @Override
    public void close() {
        started.close();
    }
}
