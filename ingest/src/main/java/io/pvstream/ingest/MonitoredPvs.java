package io.pvstream.ingest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.pvstream.ingest.ca.ChannelController;
import io.pvstream.ingest.ca.MonitoredChannel;
import io.pvstream.ingest.pva.PvaChannels;
import io.pvstream.schemas.PvAddress;
import io.pvstream.schemas.avro.PvError;
import io.pvstream.schemas.avro.PvProtocol;

/**
 * Every PV an ingest instance monitors, over Channel Access or pvAccess as its pv.config record says
 * ({@link PvAddress}): one consumer group shards both alike. A PV whose protocol changes is stopped on the old one
 * first. The counts, errors and channels the heartbeat and the write side need span both.
 */
public final class MonitoredPvs implements PvMonitoring {

    private final ChannelController ca;
    private final PvaChannels pva;
    private final Map<String, PvProtocol> protocols = new ConcurrentHashMap<>();

    public MonitoredPvs(ChannelController ca, PvaChannels pva) {
        this.ca = ca;
        this.pva = pva;
    }

    @Override
    public void monitor(String pv, int valueMask) {
        monitor(pv, valueMask, PvProtocol.CA);
    }

    @Override
    public void monitor(String pv, int valueMask, PvProtocol protocol) {
        PvAddress address = PvAddress.of(pv, protocol);
        PvProtocol before = protocols.put(pv, address.protocol());
        if (before != null && before != address.protocol()) {
            stopOn(before, pv);
        }
        if (address.protocol() == PvProtocol.PVA) {
            pva.monitor(pv, address.channelName()); // pvAccess has no event mask: the server decides what it posts
        } else {
            ca.monitor(pv, valueMask);
        }
    }

    @Override
    public void stop(String pv) {
        PvProtocol protocol = protocols.remove(pv);
        if (protocol != null) {
            stopOn(protocol, pv);
        }
    }

    private void stopOn(PvProtocol protocol, String pv) {
        if (protocol == PvProtocol.PVA) {
            pva.stop(pv);
        } else {
            ca.stop(pv);
        }
    }

    /** The monitored channel of {@code pv} on either protocol, null if this instance does not monitor it. */
    public MonitoredChannel monitored(String pv) {
        MonitoredChannel channel = ca.monitored(pv);
        return channel != null ? channel : pva.monitored(pv);
    }

    public int pvCount() {
        return ca.pvCount() + pva.pvCount();
    }

    public int connectedCount() {
        return ca.connectedCount() + pva.connectedCount();
    }

    public Set<String> monitoredNames() {
        return Stream.concat(ca.monitoredNames().stream(), pva.monitoredNames().stream()).collect(Collectors.toSet());
    }

    public long updatesReceived() {
        return ca.updatesReceived() + pva.updatesReceived();
    }

    /** PVs connected whose value is not monitored, both protocols; at most {@code limit} listed, all counted. */
    public ChannelController.PvErrors pvErrors(int limit) {
        ChannelController.PvErrors caErrors = ca.pvErrors(limit);
        TreeMap<String, String> pvaErrors = pva.pvErrors();
        if (pvaErrors.isEmpty()) {
            return caErrors;
        }
        TreeMap<String, String> first = new TreeMap<>(pvaErrors);
        caErrors.first().forEach(error -> first.put(error.getName(), error.getError()));
        List<PvError> listed = first.entrySet().stream().limit(limit)
                .map(e -> new PvError(e.getKey(), e.getValue())).toList();
        return new ChannelController.PvErrors(caErrors.count() + pvaErrors.size(), listed);
    }
}
