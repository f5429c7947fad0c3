package io.pvstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.IngestService;
import io.pvstream.query.QueryApiConfig;
import io.pvstream.query.QueryApiServer;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.simioc.SimIocBuilder;
import io.pvstream.simioc.SimulatedIoc;

/**
 * The platform on real parts for end-to-end tests: a KRaft broker, simulated IOCs, one ingest and
 * N query-api instances, all on free loopback ports under one temp directory. Closing stops all of
 * it in reverse order of start.
 */
final class TestPlatform implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    /**
     * The bootstrap admin key every query-api instance of a test platform accepts
     * ({@code security.bootstrap.admin.key}); {@link HttpJson} and {@link WebSocketTestClient} send it unless told
     * otherwise, so tests that are not about security need not care that writes need a key.
     */
    static final String ADMIN_KEY = "pvs_devstack-test-bootstrap-admin-key-0000000000000";
    /** The cluster token of the query-api instances of a test platform ({@code security.internal.token}). */
    static final String INTERNAL_TOKEN = "devstack-test-cluster-token";

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Path dir;
    private final EmbeddedKafka kafka;
    private final List<SimulatedIoc> iocs = new ArrayList<>();
    private final List<String> externalPvs = new ArrayList<>();
    private final List<String> externalAddresses = new ArrayList<>();
    private final List<QueryApiServer> apis = new ArrayList<>();
    private IngestService ingest;
    private OpsStack ops;

    private TestPlatform() {
        try {
            dir = Files.createTempDirectory("pvstream-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kafka = track(EmbeddedKafka.start(dir.resolve("kafka"), 0));
        try (Admin admin = Admin.create(new HashMap<>(common()))) {
            TopicInitializer.ensureTopics(admin, 6, (short) 1);
        }
    }

    /** A broker with the platform's topics; add IOCs, then {@link #startServices}. */
    static TestPlatform withBroker() {
        return new TestPlatform();
    }

    /** Starts (and registers) a simulated IOC on a free port. */
    SimulatedIoc addIoc(SimIocBuilder builder) {
        SimulatedIoc ioc = track(builder.port(0).build());
        ioc.start();
        iocs.add(ioc);
        return ioc;
    }

    /**
     * A real IOC the test started itself (e.g. a {@link SoftIoc}): its PVs go into pv.config and its address into the
     * ingest's address list, as a simulated IOC's do.
     */
    void addExternalIoc(String addressList, List<String> pvNames) {
        externalAddresses.add(addressList);
        externalPvs.addAll(pvNames);
    }

    /** Starts PostgreSQL (primary + replica), migrates it and starts the Connect worker with the ops connectors. */
    OpsStack startOps() {
        ops = track(OpsStack.start(dir.resolve("postgres"), OpsStack.kafkaProps(kafka.bootstrapServers(), 6, (short) 1)));
        return ops;
    }

    /**
     * Puts every IOC's PVs in pv.config, starts one ingest on all IOCs and {@code apiInstances}
     * query-api instances, and waits until every instance's Streams is RUNNING.
     */
    TestPlatform startServices(int apiInstances, Map<String, Object> extraOverrides) {
        return startServices(apiInstances, extraOverrides, pv -> true);
    }

    /**
     * As {@link #startServices(int, Map)}, but only the IOC PVs that pass {@code inPvConfigAtStart} go into
     * pv.config: the others can be added later ({@link PvConfigSeeder#seed}), as PVs that appear at run time.
     */
    TestPlatform startServices(int apiInstances, Map<String, Object> extraOverrides,
                               java.util.function.Predicate<String> inPvConfigAtStart) {
        List<String> pvs = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (SimulatedIoc ioc : iocs) {
            ioc.pvNames().stream().filter(inPvConfigAtStart).forEach(pvs::add);
            addresses.add(ioc.addressList());
        }
        externalPvs.stream().filter(inPvConfigAtStart).forEach(pvs::add);
        addresses.addAll(externalAddresses);
        PvConfigSeeder.seed(new HashMap<>(common()), pvs);

        Map<String, Object> ingestOverrides = new HashMap<>(common());
        ingestOverrides.put(IngestConfig.CA_ADDR_LIST, String.join(" ", addresses));
        ingestOverrides.put(IngestConfig.HEARTBEAT_INTERVAL_MS, 1000);
        ingestOverrides.putAll(extraOverrides);
        ingest = track(new IngestService(IngestConfig.load(Map.of(), ingestOverrides)));
        ingest.start();

        for (int i = 1; i <= apiInstances; i++) {
            Map<String, Object> overrides = new HashMap<>(common());
            overrides.put("http.port", 0);
            overrides.put("streams.state.dir", dir.resolve("api" + i).toString());
            overrides.putAll(securityOverrides());
            if (ops != null) {
                overrides.putAll(ops.serviceOverrides());
            }
            overrides.putAll(extraOverrides);
            apis.add(track(QueryApiServer.start(QueryApiConfig.load(Map.of(), overrides))));
        }
        for (QueryApiServer api : apis) {
            if (!api.awaitRunning(PATIENCE)) {
                throw new IllegalStateException("query-api " + api.port() + " not RUNNING: " + api.streamsState());
            }
        }
        return this;
    }

    /** Security as every query-api instance of a test platform has it (on, with {@link #ADMIN_KEY}). */
    static Map<String, Object> securityOverrides() {
        return Map.of("security.bootstrap.admin.key", ADMIN_KEY, "security.internal.token", INTERNAL_TOKEN);
    }

    Map<String, Object> common() {
        return Map.of(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    QueryApiServer api(int index) {
        return apis.get(index);
    }

    OpsStack ops() {
        return ops;
    }

    IngestService ingest() {
        return ingest;
    }

    Path dir() {
        return dir;
    }

    private <T extends AutoCloseable> T track(T part) {
        parts.add(0, part);
        return part;
    }

    @Override
    public void close() {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        try {
            org.apache.kafka.common.utils.Utils.delete(dir.toFile()); // the broker's and PostgreSQL's data: gigabytes over a suite
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
