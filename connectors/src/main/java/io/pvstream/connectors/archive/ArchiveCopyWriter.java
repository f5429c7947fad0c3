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
 * Writes batches of archive rows into {@code pv_archive} the fast way PostgreSQL has, {@code COPY}, in one
 * transaction per batch. First straight into the table: a batch of new samples (nearly all of them) costs what
 * {@code COPY} itself costs. If a sample of the batch is already there (a redelivery after a worker restart, say, or
 * the same sample twice in one batch), the table's primary key refuses it: the batch is rolled back and written
 * again as an upsert, {@code COPY} into a temporary table then one
 * {@code INSERT … SELECT … ON CONFLICT (pv_name, sample_time) DO UPDATE}, so a redelivered sample overwrites itself
 * and within a batch the last copy of a key wins.
 *
 * <p>One connection, opened lazily and reopened after an error (PostgreSQL restarted, a failover).
 */
final class ArchiveCopyWriter implements AutoCloseable {

    private static final String TABLE = "pv_archive";
    private static final String STAGING = "pv_archive_in";
    /** PostgreSQL's SQLSTATE for a duplicate key. */
    private static final String UNIQUE_VIOLATION = "23505";
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
        try {
            if (!copyNew(db, csv, count)) {
                upsert(db, csv, count);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            close();
            throw e instanceof SQLException sql ? sql : new SQLException("archive COPY failed: " + e.getMessage(), e);
        }
    }

    /** @return false if a sample of the batch is already in the table (nothing of the batch is written then) */
    private static boolean copyNew(Connection db, String csv, int count) throws SQLException, IOException {
        try {
            copy(db, TABLE, csv, count);
            db.commit();
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            db.rollback();
            return false;
        }
    }

    private static void upsert(Connection db, String csv, int count) throws SQLException, IOException {
        try (Statement statement = db.createStatement()) {
            copy(db, STAGING, csv, count);
            statement.executeUpdate("INSERT INTO " + TABLE + " (" + ArchiveCsv.COLUMNS + ") "
                    + "SELECT DISTINCT ON (pv_name, sample_time) " + ArchiveCsv.COLUMNS + " FROM " + STAGING
                    + " ORDER BY pv_name, sample_time, seq DESC "
                    + "ON CONFLICT (pv_name, sample_time) DO UPDATE SET " + UPDATES);
            db.commit(); // the staging table empties itself on commit
        }
    }

    private static void copy(Connection db, String table, String csv, int count) throws SQLException, IOException {
        long copied = db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " ("
                + ArchiveCsv.COLUMNS + ") FROM STDIN (FORMAT csv)", new StringReader(csv));
        if (copied != count) {
            throw new SQLException("COPY took " + copied + " of " + count + " archive rows");
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
