package io.pvstream.query.pvconfig;

import java.util.ArrayList;
import java.util.List;

import io.pvstream.schemas.PvAddress;
import io.pvstream.schemas.avro.MonitorEvent;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvProtocol;

/**
 * The monitoring spec of one PV as the API shows and takes it: the JSON and CSV form of a {@code pv.config}
 * record. Built only through {@link PvSpecRules#validated}, so every instance is valid.
 *
 * @param deadband        absolute change below which a value is no change for pv.diffs; null = any change
 * @param archiveDeadband absolute change below which a value is not archived; null = the deadband
 * @param monitorMask     CA monitor events subscribed for values: VALUE, ALARM, ARCHIVE (DBE_LOG)
 * @param readbackPv      the PV that verifies a write to this one; null = itself
 * @param tags            free-form labels
 * @param protocol        {@code ca} or {@code pva}: the protocol the PV is monitored and written over, as the
 *                        ingest reads it (a {@code pva://} name prefix wins over the record's field)
 */
public record PvSpec(String name, Double deadband, Double archiveDeadband, List<String> monitorMask,
                     String readbackPv, List<String> tags, String protocol) {

    /** A spec without a protocol (from a peer of an older version) has the one its name implies. */
    public PvSpec {
        if (protocol == null && name != null) {
            protocol = PvSpecRules.shown(PvAddress.of(name).protocol());
        }
    }

    public static PvSpec of(PvConfig config) {
        List<String> mask = new ArrayList<>();
        config.getMonitorMask().forEach(event -> mask.add(event.name()));
        PvProtocol protocol = PvAddress.of(config.getName(), config.getProtocol()).protocol();
        return new PvSpec(config.getName(), config.getDeadband(), config.getArchiveDeadband(), List.copyOf(mask),
                config.getReadbackPv(), List.copyOf(config.getTags()), PvSpecRules.shown(protocol));
    }

    public PvConfig toAvro() {
        return PvConfig.newBuilder()
                .setName(name)
                .setDeadband(deadband)
                .setArchiveDeadband(archiveDeadband)
                .setMonitorMask(monitorMask.stream().map(MonitorEvent::valueOf).toList())
                .setReadbackPv(readbackPv)
                .setTags(tags)
                .setProtocol(PvSpecRules.protocolOf(protocol))
                .build();
    }
}
