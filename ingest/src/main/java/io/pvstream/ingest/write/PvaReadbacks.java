package io.pvstream.ingest.write;

import java.util.function.Consumer;

/**
 * Short-lived pvAccess monitors for readbacks this instance does not monitor, as {@link TemporaryMonitor} is for
 * CA: the pvAccess side (which owns the core-pva client) implements it. Both methods return at once.
 */
@FunctionalInterface
public interface PvaReadbacks {

    /**
     * Feeds {@code onValue} (from any thread, a {@code PvValue.value} union value) with every value of pvAccess
     * channel {@code channelName} until the returned closer runs. A channel that is never found yields nothing.
     */
    Runnable open(String channelName, Consumer<Object> onValue);
}
