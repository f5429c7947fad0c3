package io.pvstream.ingest.write;

import java.util.function.Consumer;

import gov.aps.jca.CAStatus;
import gov.aps.jca.Channel;
import io.pvstream.ingest.ca.MonitoredChannel;

/**
 * What a write puts on, whatever the protocol: a monitored PV that implements this itself (pvAccess), or the CA
 * channel of a monitored CA PV. Used on the writer thread; the outcome of a put may arrive on any thread.
 */
public interface PutTarget {

    /**
     * @param failure null when the put completed, else why not
     * @param transientFailure whether another try may succeed (a lost connection, a timeout)
     */
    record Outcome(String failure, boolean transientFailure) {
        public static final Outcome DONE = new Outcome(null, false);
    }

    /** Whether this client may write the PV; throws IllegalStateException if it disconnected meanwhile. */
    boolean writeAccess();

    /** Issues a put with completion; {@code done} is called once. Throws when it cannot even be sent. */
    void put(PutValue value, Consumer<Outcome> done) throws Exception;

    /** The target of {@code pv}: itself if it is one, else its CA channel; null while it has none. */
    static PutTarget of(MonitoredChannel pv) {
        if (pv instanceof PutTarget target) {
            return target;
        }
        Channel channel = pv.channel();
        return channel == null ? null : new CaTarget(channel);
    }

    /** A CA channel: put with callback (the writer flushes). */
    record CaTarget(Channel channel) implements PutTarget {

        @Override
        public boolean writeAccess() {
            return channel.getWriteAccess();
        }

        @Override
        public void put(PutValue value, Consumer<Outcome> done) throws Exception {
            CaPut.put(channel, value, event -> done.accept(outcomeOf(event.getStatus())));
        }

        private static Outcome outcomeOf(CAStatus status) {
            if (status != null && status.isSuccessful()) {
                return Outcome.DONE;
            }
            String reason = "put failed: " + (status == null ? "no status" : status.getName() + " " + status.getMessage());
            // CAJ reports a put cut short by a lost connection as TIMEOUT: worth another try
            return new Outcome(reason, status == CAStatus.TIMEOUT || status == CAStatus.DISCONN);
        }
    }
}
