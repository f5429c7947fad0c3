package io.pvstream.ingest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;

/** A sink for tests: keeps every record, thread-safe. */
public final class CollectingSink implements PvRecordSink {

    public final List<PvValue> values = new CopyOnWriteArrayList<>();
    public final List<PvMeta> metas = new CopyOnWriteArrayList<>();
    public final List<PvConnection> connections = new CopyOnWriteArrayList<>();

    @Override
    public void value(PvValue value) {
        values.add(value);
    }

    @Override
    public void meta(PvMeta meta) {
        metas.add(meta);
    }

    @Override
    public void connection(PvConnection connection) {
        connections.add(connection);
    }

    public PvValue latestValue(String pv) {
        return latest(values.stream().filter(v -> v.getName().equals(pv)).toList());
    }

    public PvMeta latestMeta(String pv) {
        return latest(metas.stream().filter(m -> m.getName().equals(pv)).toList());
    }

    public List<PvConnection> connectionsOf(String pv) {
        return connections.stream().filter(c -> c.getName().equals(pv)).toList();
    }

    public PvConnection latestConnection(String pv) {
        return latest(connectionsOf(pv));
    }

    public int recordCount() {
        return values.size() + metas.size() + connections.size();
    }

    private static <T> T latest(List<T> list) {
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }
}
