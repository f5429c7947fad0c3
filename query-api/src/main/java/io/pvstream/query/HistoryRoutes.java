package io.pvstream.query;

import java.time.Clock;

import io.javalin.Javalin;
import io.pvstream.query.http.Json;
import io.pvstream.query.QueryApiConfig;
import io.pvstream.records.db.OpsConfig;
import io.pvstream.records.db.OpsDatabase;
import io.pvstream.records.snapshots.PastValues;
import io.pvstream.records.history.ArchiveMaintenance;
import io.pvstream.records.history.ArchivePastValues;
import io.pvstream.records.history.HistoryConfig;
import io.pvstream.records.history.JdbcArchive;
import io.pvstream.query.history.HistoryEndpoints;

/** Wires PV history into a server: its routes, and the partition maintenance of the archive table. */
public final class HistoryRoutes {

    private HistoryRoutes() {
    }

    /** The archive as the source of snapshots of the past ({@code asOf}). */
    public static PastValues pastValues(OpsDatabase database) {
        return new ArchivePastValues(new JdbcArchive(database));
    }

    /**
     * Adds the history routes to {@code app} (before it starts) and, with an ops database, starts the archive's
     * partition maintenance (stopped with the server).
     *
     * @param database the ops database pools (the archive lives in the ops database)
     */
    public static void addTo(Javalin app, QueryApiConfig config, OpsDatabase database) {
        HistoryConfig.Settings settings = HistoryConfig.settings(config);
        JdbcArchive archive = new JdbcArchive(database);
        new HistoryEndpoints(archive, settings, Clock.systemUTC(), config.maxRequestBytes(), Json.newMapper())
                .addRoutes(app);
        OpsConfig.OpsSettings ops = config.opsSettings();
        if (ops.databaseConfigured()) {
            ArchiveMaintenance maintenance = new ArchiveMaintenance(ops.jdbcUrl(), ops.user(), ops.password().value(),
                    settings, Clock.systemUTC());
            app.events(events -> {
                events.serverStarted(maintenance::start);
                events.serverStopped(maintenance::close);
                events.serverStartFailed(maintenance::close);
            });
        }
    }
}
