package io.pvstream.query;

import java.time.Clock;

import io.javalin.Javalin;
import io.pvstream.query.history.HistoryEndpoints;
import io.pvstream.query.http.Json;
import io.pvstream.records.db.OpsConfig;
import io.pvstream.records.db.OpsDatabase;
import io.pvstream.records.history.ArchiveMaintenance;
import io.pvstream.records.history.ArchivePastValues;
import io.pvstream.records.history.HistoryConfig;
import io.pvstream.records.history.JdbcArchive;
import io.pvstream.records.snapshots.PastValues;

/** PV history in a server: its routes, and the partition maintenance of the archive table. */
public final class HistoryRoutes {

    private final HistoryEndpoints endpoints;
    private final ArchiveMaintenance maintenance;

    /** @param maintenance the archive's partition maintenance, run while the server runs; null for none */
    public HistoryRoutes(HistoryEndpoints endpoints, ArchiveMaintenance maintenance) {
        this.endpoints = endpoints;
        this.maintenance = maintenance;
    }

    /**
     * The routes of a server; with an ops database, also the archive's partition maintenance.
     *
     * @param database the ops database pools (the archive lives in the ops database)
     */
    public static HistoryRoutes of(QueryApiConfig config, OpsDatabase database) {
        HistoryConfig.Settings settings = HistoryConfig.settings(config);
        HistoryEndpoints endpoints = new HistoryEndpoints(new JdbcArchive(database), settings, Clock.systemUTC(),
                config.maxRequestBytes(), Json.newMapper());
        OpsConfig.OpsSettings ops = config.opsSettings();
        return new HistoryRoutes(endpoints, !ops.databaseConfigured() ? null : new ArchiveMaintenance(ops.jdbcUrl(),
                ops.user(), ops.password().value(), settings, Clock.systemUTC()));
    }

    /** The archive as the source of snapshots of the past ({@code asOf}). */
    public static PastValues pastValues(OpsDatabase database) {
        return new ArchivePastValues(new JdbcArchive(database));
    }

    /** Adds the routes to {@code app} (before it starts); the maintenance starts and stops with the server. */
    void addTo(Javalin app) {
        endpoints.addRoutes(app);
        if (maintenance != null) {
            app.events(events -> {
                events.serverStarted(maintenance::start);
                events.serverStopped(maintenance::close);
                events.serverStartFailed(maintenance::close);
            });
        }
    }
}
