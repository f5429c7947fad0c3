package io.pvstream.simioc;

import com.cosylab.epics.caj.cas.ProcessVariableEventDispatcher;
import gov.aps.jca.cas.ProcessVariableEventCallback;

/**
 * The per-PV monitor dispatcher, closing a gap in the CAJ server: when a client subscribes, CAJ
 * reads and sends the initial value first and registers the monitor only afterwards, so a change
 * in between would never reach that monitor. CAJ registers on the same thread right after the
 * read, so the PV can tell whether it changed since and send the newer state to the new monitor.
 */
final class CatchUpEventDispatcher extends ProcessVariableEventDispatcher {

    private final SimProcessVariable pv;

    CatchUpEventDispatcher(SimProcessVariable pv) {
        super(pv);
        this.pv = pv;
    }

    @Override
    public void registerEventListener(ProcessVariableEventCallback listener) {
        super.registerEventListener(listener);
        // Outside the listener lock: the PV posts while holding its own lock, then takes this one.
        pv.catchUp(listener);
    }
}
