package io.pvstream.schemas;

import io.pvstream.schemas.avro.PvProtocol;

/**
 * Where a PV of pv.config is reached: its protocol and the channel name to ask the network for. Pure.
 *
 * <p>A {@code pva://} prefix of the PV name wins over {@code PvConfig.protocol}. The prefix stays
 * part of the PV name (the Kafka key), so the same record monitored over both protocols ({@code X} and
 * {@code pva://X}) is two PVs with two views that can be compared.
 *
 * @param protocol    the protocol to monitor and write the PV over
 * @param channelName the name without any protocol prefix
 */
public record PvAddress(PvProtocol protocol, String channelName) {

    public static final String PVA_PREFIX = "pva://";

    /**
     * @param pvName     the PV name as in pv.config (the key)
     * @param configured {@code PvConfig.protocol}; null counts as CA
     */
    public static PvAddress of(String pvName, PvProtocol configured) {
        if (pvName.regionMatches(true, 0, PVA_PREFIX, 0, PVA_PREFIX.length())) {
            return new PvAddress(PvProtocol.PVA, pvName.substring(PVA_PREFIX.length()));
        }
        return new PvAddress(configured == null ? PvProtocol.CA : configured, pvName);
    }

    /** The protocol a PV name alone implies: its prefix, else CA (for PVs no pv.config record describes). */
    public static PvAddress of(String pvName) {
        return of(pvName, null);
    }
}
