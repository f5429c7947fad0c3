package io.pvstream.connectors.archive;

import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the rows of {@link ArchiveSinkConnector} and writes them with {@link ArchiveCopyWriter}: when
 * {@value ArchiveSinkConfig#BATCH_ROWS} are waiting, and before Connect commits offsets ({@link #preCommit}), so an
 * offset is committed only after its row is in PostgreSQL. A failed write keeps its rows and is retried
 * ({@link RetriableException}: Connect backs off and hands the same records to {@link #put} again, which are not
 * added twice) until the database is back: nothing is skipped.
 */
public final class ArchiveSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(ArchiveSinkTask.class);

    private ArchiveCopyWriter writer;
    private int batchRows;
    private final StringBuilder pending = new StringBuilder();
    private int pendingRows;
    /** The last offset added to {@link #pending} or written, per partition: what put() sees again is skipped. */
    private final Map<TopicPartition, Long> taken = new HashMap<>();

    @Override
    public String version() {
        return ArchiveSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        ArchiveSinkConfig config = new ArchiveSinkConfig(props);
        writer = new ArchiveCopyWriter(config.getString(ArchiveSinkConfig.URL),
                config.getString(ArchiveSinkConfig.USER), config.getPassword(ArchiveSinkConfig.PASSWORD).value());
        batchRows = config.getInt(ArchiveSinkConfig.BATCH_ROWS);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
            Long last = taken.get(partition);
            if (last != null && record.kafkaOffset() <= last) {
                continue; // handed again after a failed write: still pending, or written since
            }
            taken.put(partition, record.kafkaOffset());
            if (record.value() == null) {
                continue; // a tombstone: the archive keeps history, it never deletes
            }
            if (!(record.value() instanceof Struct row) || !ArchiveRowConverter.ROW.equals(record.valueSchema())) {
                throw new DataException("the archive sink takes pv_archive rows (value.converter "
                        + ArchiveRowConverter.class.getName() + "), not " + record.valueSchema());
            }
            ArchiveCsv.append(row, pending);
            pendingRows++;
            if (pendingRows >= batchRows && !writePending()) {
                // the rows stay pending; Connect hands this batch again after the back-off
                context.timeout(1_000);
                throw new RetriableException("writing archive rows failed; retrying");
            }
        }
    }

    /** Commits the offsets only once every row taken so far is written; otherwise none (they are tried again). */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return writePending() ? offsets : Map.of();
    }

    /** @return false if the rows could not be written (they stay pending) */
    private boolean writePending() {
        if (pendingRows == 0) {
            return true;
        }
        try {
            writer.write(pending.toString(), pendingRows);
            pending.setLength(0);
            pendingRows = 0;
            return true;
        } catch (SQLException e) {
            log.warn("writing {} archive rows failed, will retry: {}", pendingRows, e.getMessage());
            return false;
        }
    }

    @Override
    public void stop() {
        if (writer != null) {
            writer.close();
        }
    }
}
