package io.pvstream.query.pvconfig;

import java.util.ArrayList;
import java.util.List;

import io.pvstream.schemas.avro.MonitorEvent;
import io.pvstream.schemas.avro.PvConfig;

/**
 * The monitoring spec of one PV as the API shows and takes it: the JSON and CSV form of a {@code pv.config}
 * record. Built only through {@link PvSpecRules#validated}, so every instance is valid.
 *
 * @param deadband        absolute change below which a value is no change for pv.diffs; null = any change
 * @param archiveDeadband absolute change below which a value is not archived; null = the deadband
 * @param monitorMask     CA monitor events subscribed for values: VALUE, ALARM, ARCHIVE (DBE_LOG)
 * @param readbackPv      the PV that verifies a write to this one; null = itself
 * @param tags            free-form labels
 */
public record PvSpec(String name, Double deadband, Double archiveDeadband, List<String> monitorMask,
                     String readbackPv, List<String> tags) {

    public static PvSpec of(PvConfig config) {
        List<String> mask = new ArrayList<>();
        config.getMonitorMask().forEach(event -> mask.add(event.name()));
        return new PvSpec(config.getName(), config.getDeadband(), config.getArchiveDeadband(), List.copyOf(mask),
                config.getReadbackPv(), List.copyOf(config.getTags()));
    }

    public PvConfig toAvro() {
        return PvConfig.newBuilder()
                .setName(name)
                .setDeadband(deadband)
                .setArchiveDeadband(archiveDeadband)
                .setMonitorMask(monitorMask.stream().map(MonitorEvent::valueOf).toList())
                .setReadbackPv(readbackPv)
                .setTags(tags)
                .build();
    }
}
