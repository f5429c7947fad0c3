package io.pvstream.simioc;

import gov.aps.jca.CAStatus;
import gov.aps.jca.cas.ProcessVariableWriteCallback;

/** Decides what a CA put to a writable PV does. Called on a CAJ network thread: must not block. */
@FunctionalInterface
interface WriteHandler {

    /**
     * @param nativeValue the value already converted to the PV's native array type
     * @return {@link CAStatus#NORMAL} when done, or {@code null} when {@code callback} will be
     *     completed later (or never, for an unresponsive IOC)
     */
    CAStatus handleWrite(SimProcessVariable pv, Object nativeValue, ProcessVariableWriteCallback callback);
}
