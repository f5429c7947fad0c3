package io.pvstream.simioc;

import gov.aps.jca.CAStatus;
import gov.aps.jca.CAStatusException;
import gov.aps.jca.cas.ProcessVariable;
import gov.aps.jca.cas.ProcessVariableAttachCallback;
import gov.aps.jca.cas.ProcessVariableEventCallback;
import gov.aps.jca.cas.ProcessVariableExistanceCallback;
import gov.aps.jca.cas.ProcessVariableExistanceCompletion;
import gov.aps.jca.cas.Server;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The CAJ {@link Server} answering searches and channel creation from a fixed map of PVs.
 * The map never changes after construction, so lookups need no lock (CAJ's DefaultServerImpl
 * synchronizes every search, which matters when a client connects 40K channels).
 */
final class SimServer implements Server {

    private final Map<String, SimProcessVariable> pvs;

    SimServer(Map<String, SimProcessVariable> pvs) {
        this.pvs = Map.copyOf(pvs);
    }

    @Override
    public ProcessVariableExistanceCompletion processVariableExistanceTest(
            String name, InetSocketAddress client, ProcessVariableExistanceCallback callback) {
        return pvs.containsKey(name)
                ? ProcessVariableExistanceCompletion.EXISTS_HERE
                : ProcessVariableExistanceCompletion.DOES_NOT_EXIST_HERE;
    }

    @Override
    public ProcessVariable processVariableAttach(
            String name, ProcessVariableEventCallback eventCallback, ProcessVariableAttachCallback callback)
            throws CAStatusException {
        SimProcessVariable pv = pvs.get(name);
        if (pv == null) {
            throw new CAStatusException(CAStatus.NOSUPPORT, "PV does not exist: " + name);
        }
        // CAJ offers a fresh dispatcher per channel; the PV keeps its own for all monitors (also
        // across an IOC restart: a dispatcher is a plain listener list, not tied to a server context).
        return pv;
    }
}
