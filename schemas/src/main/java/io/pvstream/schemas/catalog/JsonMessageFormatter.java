package io.pvstream.schemas.catalog;

import java.io.PrintStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.MessageFormatter;

/**
 * Makes Kafka's own console consumer print pvstream records as JSON lines, one per record (see
 * {@link RecordJson}):
 * <pre>
 * kafka-console-consumer.sh --bootstrap-server 127.0.0.1:9092 --topic pv.values --from-beginning \
 *     --formatter io.pvstream.schemas.catalog.JsonMessageFormatter
 * </pre>
 * with the schemas jar on the tool's class path ({@code CLASSPATH=schemas-*.jar:avro-*.jar:...}).
 */
public final class JsonMessageFormatter implements MessageFormatter {

    private final RecordJson json = new RecordJson(SchemaCatalog.get());

    @Override
    public void writeTo(ConsumerRecord<byte[], byte[]> record, PrintStream output) {
        output.println(json.line(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value()));
    }
}
