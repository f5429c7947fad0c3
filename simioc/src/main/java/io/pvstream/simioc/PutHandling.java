package io.pvstream.simioc;

import gov.aps.jca.CAStatus;
import gov.aps.jca.cas.ProcessVariableWriteCallback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a CA put does in the simulated IOC: applies the value, makes the matching readback follow
 * after a lag, completes asynchronous puts later, and in "unresponsive" mode swallows every put so
 * that its put-callback never completes (to exercise client timeouts and circuit breakers).
 */
final class PutHandling implements WriteHandler {

    private final Map<SimProcessVariable, SimProcessVariable> readbackOfSetpoint;
    private final UpdateScheduler scheduler;
    private final Duration readbackLag;
    private final Duration asyncPutDelay;
    private final List<ProcessVariableWriteCallback> stalledPuts = new ArrayList<>();
    private volatile boolean unresponsive;

    PutHandling(Map<SimProcessVariable, SimProcessVariable> readbackOfSetpoint, UpdateScheduler scheduler,
                Duration readbackLag, Duration asyncPutDelay) {
        this.readbackOfSetpoint = Map.copyOf(readbackOfSetpoint);
        this.scheduler = scheduler;
        this.readbackLag = readbackLag;
        this.asyncPutDelay = asyncPutDelay;
    }

    @Override
    public CAStatus handleWrite(SimProcessVariable pv, Object nativeValue, ProcessVariableWriteCallback callback) {
        if (unresponsive) {
            synchronized (stalledPuts) {
                stalledPuts.add(callback);
            }
            return null;
        }
        if (pv.writePolicy() == WritePolicy.ASYNC) {
            scheduler.schedule(() -> {
                apply(pv, nativeValue);
                callback.processVariableWriteCompleted(CAStatus.NORMAL);
            }, asyncPutDelay);
            return null;
        }
        apply(pv, nativeValue);
        return CAStatus.NORMAL;
    }

    /** Sets the value now (from a put or a test hook) and lets a readback follow it. */
    void apply(SimProcessVariable pv, Object nativeValue) {
        pv.update(nativeValue);
        SimProcessVariable readback = readbackOfSetpoint.get(pv);
        if (readback != null) {
            scheduler.schedule(() -> readback.update(nativeValue), readbackLag);
        }
    }

    /**
     * While unresponsive, puts are neither applied nor answered. Switching back drops the stalled
     * callbacks unanswered: their clients have timed out by then, like with a hung real IOC.
     */
    void setUnresponsive(boolean unresponsive) {
        this.unresponsive = unresponsive;
        if (!unresponsive) {
            synchronized (stalledPuts) {
                stalledPuts.clear();
            }
        }
    }

    boolean isUnresponsive() {
        return unresponsive;
    }
}
