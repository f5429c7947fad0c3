package io.pvstream.simioc.pva;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loopback defaults for core-pva in a JVM that serves simulated pvAccess PVs. core-pva's {@code PVASettings} reads
 * system properties (then environment variables) once, when the class loads: call {@link #applyDefaults()} before
 * anything touches {@code org.epics.pva}. A setting already given as a system property or environment variable is
 * left alone. The ingest sets the client side from its own config first when it runs in the same JVM.
 */
public final class PvaServerSettings {

    /**
     * Searches answered on loopback only (the TCP listener binds every interface: core-pva has no option, and it
     * only listens); empty TLS keychains, so a stray {@code ~/.config/pva} cannot switch TLS on (and BouncyCastle,
     * which we do not ship, is never needed); any client in the JVM searches on loopback too, over IPv4 only (a
     * host without IPv6 would refuse the client's IPv6 socket).
     */
    static final Map<String, String> DEFAULTS = Map.of(
            "EPICS_PVAS_INTF_ADDR_LIST", "127.0.0.1",
            "EPICS_PVAS_TLS_KEYCHAIN", "",
            "EPICS_PVA_TLS_KEYCHAIN", "",
            "EPICS_PVA_ADDR_LIST", "127.0.0.1",
            "EPICS_PVA_AUTO_ADDR_LIST", "NO",
            "EPICS_PVA_ENABLE_IPV6", "NO");

    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger PVA_LOGGER = Logger.getLogger("org.epics.pva");

    private PvaServerSettings() {
    }

    /** Also quiets core-pva's per-channel INFO lines (one per search, find and connect) to warnings. */
    public static synchronized void applyDefaults() {
        if (PVA_LOGGER.getLevel() == null) {
            PVA_LOGGER.setLevel(Level.WARNING);
        }
        DEFAULTS.forEach((name, value) -> {
            if (System.getProperty(name) == null && System.getenv(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
