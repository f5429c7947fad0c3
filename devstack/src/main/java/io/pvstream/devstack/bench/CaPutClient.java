package io.pvstream.devstack.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.cosylab.epics.caj.CAJContext;

import gov.aps.jca.Channel;
import gov.aps.jca.Monitor;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.DOUBLE;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.ca.CaContextFactory;

/** The baseline: a bare CAJ client (the ingest's CA settings) that monitors the setpoints and puts to them. */
final class CaPutClient implements AutoCloseable {

    private final CAJContext context;
    private final Map<String, Channel> channels = new HashMap<>();
    private final Arrivals arrivals = new Arrivals();

    CaPutClient(String addrList, List<String> pvs) throws Exception {
        context = CaContextFactory.create(IngestConfig.load(Map.of(),
                Map.of(IngestConfig.CA_ADDR_LIST, addrList, IngestConfig.INSTANCE_ID, "bench-raw-caj")));
        for (String pv : pvs) {
            Channel channel = context.createChannel(pv);
            channels.put(pv, channel);
        }
        context.pendIO(10.0);
        for (Map.Entry<String, Channel> entry : channels.entrySet()) {
            String pv = entry.getKey();
            entry.getValue().addMonitor(DBRType.DOUBLE, 1, Monitor.VALUE, event -> {
                if (event.getDBR() instanceof DOUBLE dbr) {
                    arrivals.saw(pv, dbr.getDoubleValue()[0]);
                }
            });
        }
        context.flushIO();
    }

    /** A put with callback, as {@code caput -c}: returns once the IOC has processed the record. */
    void put(String pv, double value) throws Exception {
        java.util.concurrent.CompletableFuture<gov.aps.jca.CAStatus> done = new java.util.concurrent.CompletableFuture<>();
        channels.get(pv).put(value, event -> done.complete(event.getStatus()));
        context.flushIO();
        gov.aps.jca.CAStatus status = done.get(10, TimeUnit.SECONDS);
        if (!status.isSuccessful()) {
            throw new IllegalStateException("put to " + pv + " failed: " + status);
        }
    }

    long awaitSeen(String pv, double value, long sentNs) throws InterruptedException {
        return arrivals.awaitSeen(pv, value, sentNs);
    }

    @Override
    public void close() throws Exception {
        context.destroy();
    }
}
