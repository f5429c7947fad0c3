package io.pvstream.records.buffer;

import java.time.Instant;

/**
 * What every transaction of one write shares: its pre-generated id, when the API accepted it, and who made it.
 *
 * @param bufferedNs wall clock, ns since the Unix epoch; the rows' {@code updated_at} is its millisecond
 * @param author     from the {@code X-Pvstream-Author} header, or null
 */
public record TxDraft(String txId, long bufferedNs, String author) {

    public long updatedAtMillis() {
        return Math.floorDiv(bufferedNs, 1_000_000L);
    }

    /** {@code updated_at} as the API shows it; the same text whether read from the buffer or the database. */
    public String updatedAt() {
        return Instant.ofEpochMilli(updatedAtMillis()).toString();
    }
}
