package io.pvstream.connectors.archive;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

import org.apache.kafka.connect.data.Field;
import org.postgresql.PGConnection;

/**
 * Writes batches of archive rows into {@code pv_archive} the fast way PostgreSQL has: {@code COPY} into a temporary
 * table, then one {@code INSERT … SELECT … ON CONFLICT (pv_name, sample_time) DO UPDATE}, in one transaction. The
 * upsert keeps what the table promises: a redelivered sample (after a worker restart, say) overwrites itself
 * instead of failing the batch on the primary key; within a batch the last copy of a key wins.
 *
 * <p>One connection, opened lazily and reopened after an error (PostgreSQL restarted, a failover).
 */
final class ArchiveCopyWriter implements AutoCloseable {

    private static final String STAGING = "pv_archive_in";
    private static final String UPDATES = ArchiveRowConverter.ROW.fields().stream().map(Field::name)
            .filter(name -> !name.equals("pv_name") && !name.equals("sample_time"))
            .map(name -> name + " = EXCLUDED." + name).collect(Collectors.joining(", "));

    private final String url;
    private final String user;
    private final String password;
    private Connection connection;

    ArchiveCopyWriter(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * @param csv   lines of {@link ArchiveCsv}
     * @param count how many lines, for the check that COPY took them all
     * @throws SQLException the batch is not written (the transaction is rolled back, the connection dropped)
     */
    void write(String csv, int count) throws SQLException {
        Connection db = connection();
        try (Statement statement = db.createStatement()) {
            long copied = db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + STAGING + " ("
                    + ArchiveCsv.COLUMNS + ") FROM STDIN (FORMAT csv)", new StringReader(csv));
            if (copied != count) {
                throw new SQLException("COPY took " + copied + " of " + count + " archive rows");
            }
            statement.executeUpdate("INSERT INTO pv_archive (" + ArchiveCsv.COLUMNS + ") "
                    + "SELECT DISTINCT ON (pv_name, sample_time) " + ArchiveCsv.COLUMNS + " FROM " + STAGING
                    + " ORDER BY pv_name, sample_time, seq DESC "
                    + "ON CONFLICT (pv_name, sample_time) DO UPDATE SET " + UPDATES);
            db.commit(); // the staging table empties itself on commit
        } catch (SQLException | IOException | RuntimeException e) {
            close();
            throw e instanceof SQLException sql ? sql : new SQLException("archive COPY failed: " + e.getMessage(), e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection db = DriverManager.getConnection(url, user, password);
            try (Statement statement = db.createStatement()) {
                // seq: the order rows came in, so the last copy of a key in a batch wins
                statement.execute("CREATE TEMP TABLE " + STAGING + " (LIKE pv_archive, seq bigserial) "
                        + "ON COMMIT DELETE ROWS");
                db.setAutoCommit(false);
            } catch (SQLException e) {
                db.close();
                throw e;
            }
            connection = db;
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing a broken connection: nothing left to do
            }
            connection = null;
        }
    }
}
