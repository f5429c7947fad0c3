package io.pvstream.ingest.ca;

/** Work for the channel control thread; anything that creates, subscribes or destroys goes through it. */
sealed interface ChannelCommand {

    /** Monitor a PV (or change the event mask of its value monitor). */
    record Monitor(String name, int valueMask) implements ChannelCommand {
    }

    /** Stop monitoring a PV. */
    record Stop(String name) implements ChannelCommand {
    }

    /** A CAJ connection callback, carried off the network thread. */
    record ConnectionChange(PvChannel pv, boolean connected, String server, long atNanos) implements ChannelCommand {
    }
}
