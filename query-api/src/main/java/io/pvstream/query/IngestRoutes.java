package io.pvstream.query;

import java.time.Duration;
import java.util.UUID;

import io.javalin.Javalin;
import io.pvstream.query.health.HealthService;
import io.pvstream.query.ingest.IngestHealthEndpoints;
import io.pvstream.query.pvconfig.KafkaPvConfigWriter;
import io.pvstream.query.pvconfig.PvConfigEndpoints;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.streams.StreamsAppConfig;
import io.pvstream.streams.pvconfig.PvConfigLookup;

/** The ingest-facing API: runtime PV management ({@code pv.config}) and ingest health. */
public final class IngestRoutes {

    private final PvConfigEndpoints pvConfig;
    private final IngestHealthEndpoints ingestHealth;
    private final Runnable closeWithServer;

    /** @param closeWithServer what the server closes when it stops (the pv.config producer) */
    public IngestRoutes(PvConfigEndpoints pvConfig, IngestHealthEndpoints ingestHealth, Runnable closeWithServer) {
        this.pvConfig = pvConfig;
        this.ingestHealth = ingestHealth;
        this.closeWithServer = closeWithServer;
    }

    /** The routes of a server, with a pv.config producer of its own. */
    public static IngestRoutes of(QueryApiConfig config, HealthService health, PvStateLookup lookup, PeerClient peers,
                                  PvConfigLookup pvConfigs) {
        KafkaPvConfigWriter writer = new KafkaPvConfigWriter(CommonConfig.kafkaClientProps(config),
                "pvstream-pv-config-" + UUID.randomUUID(), config.opsSettings().writeTimeout());
        return new IngestRoutes(new PvConfigEndpoints(pvConfigs, peers, writer),
                new IngestHealthEndpoints(health, lookup, peers, config.getInt(CommonConfig.TOPIC_PARTITIONS),
                        Duration.ofMillis(config.getLong(StreamsAppConfig.STALE_THRESHOLD_MS))), writer::close);
    }

    /** Adds the routes to {@code app} (before it starts); the producer closes with the server. */
    void addTo(Javalin app) {
        app.events(events -> {
            events.serverStopped(closeWithServer::run);
            events.serverStartFailed(closeWithServer::run);
        });
        pvConfig.addRoutes(app);
        ingestHealth.addRoutes(app);
    }
}
