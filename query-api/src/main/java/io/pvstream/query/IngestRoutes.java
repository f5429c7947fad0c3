package io.pvstream.query;

import java.time.Duration;
import java.util.UUID;

import io.javalin.Javalin;
import io.pvstream.query.health.HealthService;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.query.QueryApiConfig;
import io.pvstream.query.pvconfig.KafkaPvConfigWriter;
import io.pvstream.query.pvconfig.LateBoundPvConfigLookup;
import io.pvstream.query.pvconfig.PvConfigEndpoints;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.streams.StreamsAppConfig;
import io.pvstream.query.ingest.IngestHealthEndpoints;

/** Wires the ingest-facing API into a server: runtime PV management ({@code pv.config}) and ingest health. */
public final class IngestRoutes {

    private IngestRoutes() {
    }

    /**
     * Adds the routes to {@code app} (before it starts); the pv.config producer closes with the server.
     *
     * @return the pv-config lookup, to bind once Kafka Streams exists
     */
    public static LateBoundPvConfigLookup addTo(Javalin app, QueryApiConfig config, HealthService health,
                                                PvStateLookup lookup, PeerClient peers) {
        LateBoundPvConfigLookup pvConfigs = new LateBoundPvConfigLookup();
        KafkaPvConfigWriter writer = new KafkaPvConfigWriter(CommonConfig.kafkaClientProps(config),
                "pvstream-pv-config-" + UUID.randomUUID(), config.opsSettings().writeTimeout());
        app.events(events -> {
            events.serverStopped(writer::close);
            events.serverStartFailed(writer::close);
        });
        new PvConfigEndpoints(pvConfigs, peers, writer).addRoutes(app);
        new IngestHealthEndpoints(health, lookup, peers, config.getInt(CommonConfig.TOPIC_PARTITIONS),
                Duration.ofMillis(config.getLong(StreamsAppConfig.STALE_THRESHOLD_MS))).addRoutes(app);
        return pvConfigs;
    }
}
