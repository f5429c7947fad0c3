package io.pvstream.connectors;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Single message transform of the ops JDBC sink: passes a record the sink can apply unchanged, and throws
 * {@link DataException} for one that PostgreSQL would refuse (see {@link OpsRowRules}).
 *
 * <p>Why: Connect's {@code errors.tolerance=all} and dead letter queue cover converters and transforms only.
 * A SQL error inside the Debezium JDBC sink's {@code put()} fails the task (Debezium 3.4/3.6 do not report
 * errant records), so one schema-valid but unwritable record would stop its partition for good. Raised here,
 * the same error sends the record to {@code ops.tx.dlq} with the context headers, and the records after it
 * are applied.
 *
 * <p>Place it after the {@code RegexRouter} that turns {@code ops.apply.<table>} into {@code <table>}: it
 * reads the table name from the topic. No settings.
 */
public final class ValidateOpsRow implements Transformation<SinkRecord>, Versioned {

    @Override
    public SinkRecord apply(SinkRecord record) {
        OpsRowRules.check(record.topic(), record.keySchema(), record.key(), record.valueSchema(), record.value());
        return record;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure: the rules are OpsTables
    }

    @Override
    public void close() {
        // holds nothing
    }

    @Override
    public String version() {
        String version = ValidateOpsRow.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
