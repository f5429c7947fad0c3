package io.pvstream.ingest.ca;

import com.cosylab.epics.caj.CAJContext;
import com.cosylab.epics.caj.CARepeater;

import gov.aps.jca.CAException;
import gov.aps.jca.JCALibrary;
import gov.aps.jca.configuration.DefaultConfiguration;
import io.pvstream.ingest.IngestConfig;

/**
 * Creates the CAJ client context of one ingest instance from {@link IngestConfig}.
 *
 * <p>Settings travel in a {@link DefaultConfiguration} handed to the context (CAJContext.configure
 * reads these attribute names), not in JVM-wide system properties, so two instances in one JVM
 * can differ. The one exception is the repeater: jca only checks the system property
 * {@code CA_DISABLE_REPEATER}, at context initialisation.
 */
public final class CaContextFactory {

    /** Attribute names CAJContext.configure(Configuration) reads (jca 2.4.11). */
    static final String ATTR_CLASS = "class";
    static final String ATTR_ADDR_LIST = "addr_list";
    static final String ATTR_AUTO_ADDR_LIST = "auto_addr_list";
    static final String ATTR_MAX_ARRAY_BYTES = "max_array_bytes";
    static final String ATTR_MAX_SEARCH_INTERVAL = "max_search_interval";
    static final String ATTR_CONNECTION_TIMEOUT = "connection_timeout";

    private CaContextFactory() {
    }

    /** The configuration handed to {@link JCALibrary#createContext(gov.aps.jca.configuration.Configuration)}. */
    public static DefaultConfiguration configurationOf(IngestConfig config) {
        DefaultConfiguration conf = new DefaultConfiguration("CONTEXT");
        conf.setAttribute(ATTR_CLASS, JCALibrary.CHANNEL_ACCESS_JAVA);
        conf.setAttribute(ATTR_ADDR_LIST, config.getString(IngestConfig.CA_ADDR_LIST));
        conf.setAttribute(ATTR_AUTO_ADDR_LIST, Boolean.toString(config.getBoolean(IngestConfig.CA_AUTO_ADDR_LIST)));
        conf.setAttribute(ATTR_MAX_ARRAY_BYTES, Integer.toString(config.getInt(IngestConfig.CA_MAX_ARRAY_BYTES)));
        conf.setAttribute(ATTR_MAX_SEARCH_INTERVAL, Double.toString(config.getDouble(IngestConfig.CA_MAX_SEARCH_INTERVAL)));
        conf.setAttribute(ATTR_CONNECTION_TIMEOUT, Double.toString(config.getDouble(IngestConfig.CA_CONNECTION_TIMEOUT)));
        return conf;
    }

    /** A configured, initialised context; the caller destroys it. */
    public static CAJContext create(IngestConfig config) throws CAException {
        if (config.getBoolean(IngestConfig.CA_REPEATER_DISABLED)) {
            // Only a JVM-wide switch exists; setting it to the same value from every instance is safe.
            System.setProperty(CARepeater.CA_DISABLE_REPEATER, "true");
        }
        CAJContext context = (CAJContext) JCALibrary.getInstance().createContext(configurationOf(config));
        context.initialize();
        return context;
    }
}
