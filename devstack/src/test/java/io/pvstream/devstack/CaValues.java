package io.pvstream.devstack;

import java.util.Map;

import com.cosylab.epics.caj.CAJContext;

import gov.aps.jca.CAException;
import gov.aps.jca.Channel;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.DOUBLE;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.ca.CaContextFactory;

/**
 * Reads PVs over Channel Access from outside the platform (a CAJ client with the ingest's loopback settings), so a
 * test checks an IOC's values the way any CA tool would, not through the API or the page under test.
 */
final class CaValues implements AutoCloseable {

    private static final double TIMEOUT_S = 5.0;

    private final CAJContext context;

    CaValues(String addrList) throws CAException {
        context = CaContextFactory.create(IngestConfig.load(Map.of(),
                Map.of(IngestConfig.CA_ADDR_LIST, addrList, IngestConfig.INSTANCE_ID, "test-ca-reader")));
    }

    /** One {@code caget} of a scalar as a double. */
    double get(String pv) throws Exception {
        Channel channel = context.createChannel(pv);
        try {
            context.pendIO(TIMEOUT_S);
            DOUBLE value = (DOUBLE) channel.get(DBRType.DOUBLE, 1);
            context.pendIO(TIMEOUT_S);
            return value.getDoubleValue()[0];
        } finally {
            channel.destroy();
        }
    }

    @Override
    public void close() throws CAException {
        context.destroy();
    }
}
