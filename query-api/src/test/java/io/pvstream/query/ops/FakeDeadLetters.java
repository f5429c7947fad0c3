package io.pvstream.query.ops;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import io.pvstream.records.buffer.DeadLetter;
import io.pvstream.records.buffer.DeadLetters;

/** Dead letters in memory; replays are recorded. */
final class FakeDeadLetters implements DeadLetters {

    private final TreeMap<Long, DeadLetter> byOffset = new TreeMap<>();
    final List<Long> replayed = new CopyOnWriteArrayList<>();
    volatile Exception failure;

    synchronized FakeDeadLetters add(DeadLetter dead) {
        byOffset.put(dead.offset(), dead);
        return this;
    }

    static DeadLetter applyRow(long offset, String topic) {
        return new DeadLetter(offset, "2026-03-01T11:00:00Z", topic, 2, 17L, "ops-jdbc-sink",
                "org.apache.kafka.connect.errors.ConnectException", "value too long for type character varying",
                "{\"payload\":{\"id\":\"x\"}}", "{\"payload\":{\"id\":\"x\",\"name\":\"n\"}}", false);
    }

    @Override
    public synchronized List<DeadLetter> list(Long after, int limit) throws Exception {
        failIfTold();
        return (after == null ? byOffset : byOffset.tailMap(after, false)).values().stream().limit(limit).toList();
    }

    @Override
    public synchronized Optional<DeadLetter> find(long offset) throws Exception {
        failIfTold();
        return Optional.ofNullable(byOffset.get(offset));
    }

    @Override
    public synchronized Replayed replay(long offset) throws Exception {
        failIfTold();
        replayed.add(offset);
        return new Replayed(offset, byOffset.get(offset).originalTopic(), 2, 1000 + offset);
    }

    private void failIfTold() throws Exception {
        if (failure != null) {
            throw failure;
        }
    }
}
