package io.pvstream.records.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and evolves the operations tables ({@code db/migration/V*.sql} on the classpath) with Flyway. The JDBC
 * sink must not start before they exist: it would create tables of its own from the record schemas
 * ({@code schema.evolution=basic}), without our keys, indexes and comments.
 */
public final class OpsMigrations {

    /** Where the migrations live on the classpath. */
    public static final String LOCATION = "classpath:db/migration";

    private OpsMigrations() {
    }

    /**
     * Applies every migration not applied yet; idempotent, and safe to call from several instances at once
     * (Flyway locks its history table).
     *
     * @return how many migrations this call applied
     * @throws org.flywaydb.core.api.FlywayException if the database cannot be reached or a migration fails
     */
    public static int migrate(String jdbcUrl, String user, String password) {
        MigrateResult result = Flyway.configure(OpsMigrations.class.getClassLoader())
                .dataSource(jdbcUrl, user, password)
                .locations(LOCATION)
                // a database that already holds other tables (e.g. Debezium's heartbeat) is still ours to migrate
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .connectRetries(0) // the caller decides how to retry (query-api: in the background)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
