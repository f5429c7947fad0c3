package io.pvstream.records.buffer;

/**
 * A record the JDBC sink could not apply after its retries, as {@code GET /api/v1/ops/dlq} shows it. The error
 * fields come from the headers Kafka Connect adds ({@code errors.deadletterqueue.context.headers.enable}).
 *
 * @param offset         its offset in {@code ops.tx.dlq} (partition 0): the id to replay it by
 * @param originalTopic  the topic the sink read it from ({@code __connect.errors.topic}), null if absent
 * @param key            the record key as UTF-8 text
 * @param value          the record value as UTF-8 text, cut at {@link #MAX_VALUE_CHARS}
 */
public record DeadLetter(long offset, String timestamp, String originalTopic, Integer originalPartition,
                         Long originalOffset, String connector, String errorClass, String errorMessage, String key,
                         String value, boolean valueTruncated) {

    public static final int MAX_VALUE_CHARS = 8_192;
}
