package io.pvstream.ingest.pva;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.slf4j.LoggerFactory;

import io.pvstream.ingest.IngestConfig;

/**
 * The pvAccess client settings of the ingest, from {@link IngestConfig} ({@code pva.*}, overridable by
 * {@code PVSTREAM_PVA_*}). core-pva's {@code PVASettings} reads system properties (then environment variables)
 * once, when it loads, into static fields: {@link #apply} must run before any {@code org.epics.pva} class loads,
 * and this class names none of them until then.
 */
public final class PvaSettings {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(PvaSettings.class);
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger PVA_LOGGER = Logger.getLogger("org.epics.pva");

    private PvaSettings() {
    }

    /** The system properties {@code config} asks for. Loopback, no TLS, IPv4 only by default. */
    static Map<String, String> properties(IngestConfig config) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("EPICS_PVA_ADDR_LIST", config.getString(IngestConfig.PVA_ADDR_LIST));
        properties.put("EPICS_PVA_AUTO_ADDR_LIST", config.getBoolean(IngestConfig.PVA_AUTO_ADDR_LIST) ? "YES" : "NO");
        properties.put("EPICS_PVA_BROADCAST_PORT", Integer.toString(config.getInt(IngestConfig.PVA_BROADCAST_PORT)));
        properties.put("EPICS_PVA_TLS_KEYCHAIN", config.getString(IngestConfig.PVA_TLS_KEYCHAIN));
        // defined though empty: core-pva looks for ~/.config/pva/*/server.p12 only when this is undefined
        properties.put("EPICS_PVAS_TLS_KEYCHAIN", "");
        // a host without IPv6 refuses the client's IPv6 UDP socket, and loopback searches need none
        properties.put("EPICS_PVA_ENABLE_IPV6", "NO");
        // core-pva reads the server's settings at the same moment, once: a pvAccess server started later in this
        // JVM (a simulated IOC in dev or a test) must find loopback there too, not the IPv6 multicast default
        if (System.getProperty("EPICS_PVAS_INTF_ADDR_LIST") == null
                && System.getenv("EPICS_PVAS_INTF_ADDR_LIST") == null) {
            properties.put("EPICS_PVAS_INTF_ADDR_LIST", "127.0.0.1");
        }
        return properties;
    }

    /**
     * Sets the properties, then checks that core-pva took them: if something loaded it before (e.g. a simulated
     * pvAccess IOC in the same JVM), its settings stay, and a differing address list is logged.
     */
    public static synchronized void apply(IngestConfig config) {
        Map<String, String> wanted = properties(config);
        wanted.forEach(System::setProperty);
        if (PVA_LOGGER.getLevel() == null) {
            PVA_LOGGER.setLevel(Level.WARNING); // core-pva logs every search, find and connect at INFO
        }
        String effective = org.epics.pva.PVASettings.EPICS_PVA_ADDR_LIST; // loads PVASettings, if not yet
        if (!effective.equals(wanted.get("EPICS_PVA_ADDR_LIST"))) {
            log.warn("core-pva was configured before the ingest: it searches '{}', not '{}' (pva.addr.list)",
                    effective, wanted.get("EPICS_PVA_ADDR_LIST"));
        }
    }
}
