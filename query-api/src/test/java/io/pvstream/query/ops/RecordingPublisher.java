package io.pvstream.query.ops;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.records.buffer.TxPublisher;

/** Records what would have been appended to ops.tx; can be told to fail like Kafka would. */
final class RecordingPublisher implements TxPublisher {

    final List<OpsTransaction> sent = new CopyOnWriteArrayList<>();
    private volatile PublishException failure;

    void failWith(PublishException failure) {
        this.failure = failure;
    }

    OpsTransaction last() {
        return sent.get(sent.size() - 1);
    }

    @Override
    public void publish(OpsTransaction tx) throws PublishException {
        if (failure != null) {
            throw failure;
        }
        sent.add(tx);
    }
}
