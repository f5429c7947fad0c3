package io.pvstream.devstack.faults;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.cosylab.epics.caj.CAJContext;

import gov.aps.jca.Channel;
import gov.aps.jca.Monitor;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.DOUBLE;
import gov.aps.jca.dbr.TIME;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.ca.CaContextFactory;
import io.pvstream.ingest.ca.DbrConverter;

/**
 * What the IOC really sent: a CA client of its own (the ingest's loopback settings) that monitors every PV and
 * keeps its recent (timestamp, value) pairs, against which the platform's latest values are checked. It
 * reconnects by itself after the IOC restarts.
 */
final class IocTruth implements AutoCloseable {

    /** Updates kept per PV: at a few Hz, a minute of them. */
    private static final int HISTORY = 256;

    record Sample(long timestampNs, double value) {
    }

    private final CAJContext context;
    private final Map<String, Deque<Sample>> history = new ConcurrentHashMap<>();

    IocTruth(String addrList, List<String> pvs) throws Exception {
        context = CaContextFactory.create(IngestConfig.load(Map.of(),
                Map.of(IngestConfig.CA_ADDR_LIST, addrList, IngestConfig.INSTANCE_ID, "fault-suite-truth")));
        Map<String, Channel> channels = new HashMap<>();
        for (String pv : pvs) {
            history.put(pv, new ArrayDeque<>());
            channels.put(pv, context.createChannel(pv));
        }
        context.pendIO(30.0); // every channel connected; CAJ restores the monitors itself after a reconnect
        for (Map.Entry<String, Channel> entry : channels.entrySet()) {
            String pv = entry.getKey();
            entry.getValue().addMonitor(DBRType.TIME_DOUBLE, 1, Monitor.VALUE | Monitor.ALARM, event -> {
                if (event.getDBR() instanceof TIME stamped && event.getDBR() instanceof DOUBLE dbr) {
                    saw(pv, new Sample(DbrConverter.toUnixNanos(stamped.getTimeStamp()), dbr.getDoubleValue()[0]));
                }
            });
        }
        context.flushIO();
    }

    private void saw(String pv, Sample sample) {
        Deque<Sample> samples = history.get(pv);
        synchronized (samples) {
            samples.addLast(sample);
            while (samples.size() > HISTORY) {
                samples.removeFirst();
            }
        }
    }

    /** The newest sample of each PV seen so far (PVs without one are left out). */
    Map<String, Sample> latest() {
        Map<String, Sample> latest = new HashMap<>();
        history.forEach((pv, samples) -> {
            synchronized (samples) {
                if (!samples.isEmpty()) {
                    latest.put(pv, samples.peekLast());
                }
            }
        });
        return latest;
    }

    /** Whether the IOC sent this value with this timestamp for the PV (among the recent samples). */
    boolean sent(String pv, long timestampNs, double value) {
        Deque<Sample> samples = history.get(pv);
        if (samples == null) {
            return false;
        }
        synchronized (samples) {
            return samples.stream().anyMatch(s -> s.timestampNs() == timestampNs
                    && Double.compare(s.value(), value) == 0);
        }
    }

    @Override
    public void close() throws Exception {
        context.destroy();
    }
}
