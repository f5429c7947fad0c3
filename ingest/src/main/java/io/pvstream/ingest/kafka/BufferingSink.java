package io.pvstream.ingest.kafka;

import java.util.List;

import gov.aps.jca.dbr.DBR;
import io.pvstream.ingest.PvRecordSink;
import io.pvstream.ingest.buffer.CoalescingBuffer;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;

/** The production sink: routes each record to its topic and offers it to the publish buffer; never blocks. */
public final class BufferingSink implements PvRecordSink {

    private final CoalescingBuffer<OutboundRecord.Slot, OutboundRecord> buffer;

    public BufferingSink(CoalescingBuffer<OutboundRecord.Slot, OutboundRecord> buffer) {
        this.buffer = buffer;
    }

    @Override
    public void value(PvValue value) {
        offer(new OutboundRecord(Topics.PV_VALUES, value.getName(), value));
    }

    /** The hot path: the update waits as CAJ delivered it; the publish thread encodes it. */
    @Override
    public void value(String name, DBR dbr, List<String> enumLabels) {
        offer(new OutboundRecord(Topics.PV_VALUES, name, new MonitorUpdate(dbr, enumLabels)));
    }

    @Override
    public void meta(PvMeta meta) {
        offer(new OutboundRecord(Topics.PV_META, meta.getName(), meta));
    }

    @Override
    public void connection(PvConnection connection) {
        offer(new OutboundRecord(Topics.PV_CONNECTIONS, connection.getName(), connection));
    }

    /** Offers any record, e.g. a heartbeat. */
    public void offer(OutboundRecord record) {
        // the slot is made only when the buffer coalesces; false only once closed: nothing is published after close
        buffer.offer(record, OutboundRecord::slot);
    }
}
