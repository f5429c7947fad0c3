package io.pvstream.ingest.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.ingest.buffer.CoalescingBuffer;

/**
 * The one thread that publishes: takes records from the buffer, serializes them and sends them.
 * It owns the producer and closes it on its way out. A slow or absent broker makes send() block
 * here, never in CA callbacks; meanwhile the buffer fills and then coalesces.
 */
public final class PublishLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PublishLoop.class);
    private static final long TAKE_TIMEOUT_MS = 200;
    /** After close is requested, what is still buffered gets this long to be handed to the producer. */
    private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(10);

    private final CoalescingBuffer<OutboundRecord.Slot, OutboundRecord> buffer;
    private final Producer<String, byte[]> producer;
    private final LongAdder published = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Set<String> loggedErrorKinds = ConcurrentHashMap.newKeySet();
    private final Callback callback = this::onCompletion;
    private final RecordSerializer serializer = new RecordSerializer();
    private volatile long stopDeadlineNanos;
    private volatile boolean stopping;
    /** A send failed after close was requested: Kafka is not reachable, so draining further only delays close. */
    private boolean failedWhileStopping;

    public PublishLoop(CoalescingBuffer<OutboundRecord.Slot, OutboundRecord> buffer, Producer<String, byte[]> producer) {
        this.buffer = buffer;
        this.producer = producer;
    }

    @Override
    public void run() {
        try {
            while (true) {
                List<OutboundRecord> batch = buffer.take(TAKE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                if (batch.isEmpty() && stopping) {
                    break;
                }
                sendAll(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("publish loop failed; records are no longer published", e);
        } finally {
            closeProducer();
        }
    }

    /**
     * Asks the loop to publish what is buffered and end; the caller closes the buffer first so
     * nothing new arrives, then joins the thread.
     */
    public void requestStop() {
        stopDeadlineNanos = System.nanoTime() + DRAIN_ON_CLOSE.toNanos();
        stopping = true;
    }

    /**
     * Last resort when the loop did not end in time (send() blocked on an unreachable broker for
     * metadata, up to max.block.ms): closing the producer without waiting makes that send fail,
     * so the loop ends and no thread is left behind.
     */
    public void abort() {
        try {
            producer.close(Duration.ZERO);
        } catch (RuntimeException e) {
            log.debug("producer abort: {}", e.toString());
        }
    }

    private void sendAll(List<OutboundRecord> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (stopping && (failedWhileStopping || System.nanoTime() > stopDeadlineNanos)) {
                int dropped = batch.size() - i;
                errors.add(dropped);
                logOnce("DrainAbandoned", dropped + " records still buffered at close were dropped "
                        + "(Kafka unreachable or drain took longer than " + DRAIN_ON_CLOSE + ")", null);
                return;
            }
            send(batch.get(i));
        }
    }

    private void send(OutboundRecord record) {
        try {
            byte[] bytes = serializer.serialize(record);
            producer.send(new ProducerRecord<>(record.topic(), record.key(), bytes), callback);
        } catch (RuntimeException e) { // serialization, a full producer past max.block.ms, a closed producer
            failedWhileStopping |= stopping;
            countError(e.getClass().getSimpleName(), "cannot send to " + record.topic() + ": " + e.getMessage(), e);
        }
    }

    private void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            published.increment();
        } else {
            countError(exception.getClass().getSimpleName(), "Kafka did not accept a record: " + exception.getMessage(),
                    exception);
        }
    }

    /** Counts every error, logs only the first of each kind: a broker outage would otherwise flood the log. */
    private void countError(String kind, String message, Exception e) {
        errors.increment();
        logOnce(kind, message, e);
    }

    private void logOnce(String kind, String message, Exception e) {
        if (loggedErrorKinds.add(kind)) {
            log.error("{} (first {}; later ones are only counted)", message, kind, e);
        }
    }

    private void closeProducer() {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            log.warn("producer flush failed: {}", e.toString());
        } finally {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("producer close failed: {}", e.toString());
            }
        }
    }

    public long publishedTotal() {
        return published.sum();
    }

    public long publishErrorsTotal() {
        return errors.sum();
    }
}
