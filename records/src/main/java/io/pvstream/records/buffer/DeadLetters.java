package io.pvstream.records.buffer;

import java.util.List;
import java.util.Optional;

/** The dead-letter topic {@code ops.tx.dlq} (one partition): read it, and put a record back where it came from. */
public interface DeadLetters {

    /** Up to {@code limit} dead letters after offset {@code after} (null = from the oldest), oldest first. */
    List<DeadLetter> list(Long after, int limit) throws Exception;

    /** The dead letter at {@code offset}; empty if there is none (never written, or expired). */
    Optional<DeadLetter> find(long offset) throws Exception;

    /**
     * Appends the record at {@code offset} (key, value, and a header naming the offset) to its original topic
     * and waits for the acknowledgement. Call {@link #find} first: the offset must hold a record.
     *
     * @return where it was appended
     */
    Replayed replay(long offset) throws Exception;

    record Replayed(long offset, String topic, int partition, long replayedOffset) {
    }
}
