package io.pvstream.ingest.ca;

import java.util.List;
import java.util.function.Consumer;

import gov.aps.jca.Channel;
import gov.aps.jca.dbr.DBRType;
import io.pvstream.schemas.avro.PvProtocol;

/**
 * What the write side may see and use of a PV this instance monitors: its connected channel (to put
 * on), what its metadata says, and its monitored value (to verify a write by readback).
 * Readable from any thread.
 */
public interface MonitoredChannel {

    String name();

    boolean isConnected();

    /** host:port of the IOC's CA server as last connected (the key of its circuit breaker); null if never. */
    String server();

    /** The protocol it is monitored (and written) over. */
    default PvProtocol protocol() {
        return PvProtocol.CA;
    }

    /** The CA channel; null before it is created or after the PV was stopped. */
    Channel channel();

    /** Type, count, labels and drive limits; null until the channel is connected and its metadata has arrived. */
    Facts facts();

    /** The last monitored value (a {@code PvValue.value} union value); null before the first one. */
    Object latestValue();

    /**
     * Calls {@code listener} with every monitored value from now on, on a CAJ thread (it must not block).
     *
     * @return stops the calls
     */
    Runnable watchValues(Consumer<Object> listener);

    /**
     * @param controlLow  lower drive limit (DRVL), null if the metadata has none
     * @param controlHigh upper drive limit (DRVH), null if the metadata has none
     */
    record Facts(DBRType nativeType, int elementCount, List<String> enumLabels, Double controlLow,
                 Double controlHigh) {
    }
}
