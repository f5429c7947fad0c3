package io.pvstream.ingest.write;

import gov.aps.jca.CAException;
import gov.aps.jca.Channel;
import gov.aps.jca.event.PutListener;

/** Issues the jca put-with-callback overload that matches a {@link PutValue}'s array. */
final class CaPut {

    private CaPut() {
    }

    /**
     * Queues the put (the caller flushes). An ENUM index goes as DBR_SHORT, which every IOC converts
     * to the state of that index.
     */
    static void put(Channel channel, PutValue value, PutListener listener) throws CAException {
        Object array = value.array();
        if (array instanceof double[] d) {
            channel.put(d, listener);
        } else if (array instanceof int[] i) {
            channel.put(i, listener);
        } else if (array instanceof short[] s) {
            channel.put(s, listener);
        } else if (array instanceof byte[] b) {
            channel.put(b, listener);
        } else if (array instanceof String[] s) {
            channel.put(s, listener);
        } else {
            throw new IllegalArgumentException("no put for " + array.getClass().getSimpleName());
        }
    }
}
