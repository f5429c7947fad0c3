package io.pvstream.simioc;

import gov.aps.jca.dbr.Severity;
import gov.aps.jca.dbr.Status;

import java.util.Objects;

/** An EPICS alarm: severity plus the status (reason) that goes with it. */
public record AlarmState(Severity severity, Status status) {

    public static final AlarmState NO_ALARM = new AlarmState(Severity.NO_ALARM, Status.NO_ALARM);
    public static final AlarmState LOLO = new AlarmState(Severity.MAJOR_ALARM, Status.LOLO_ALARM);
    public static final AlarmState LOW = new AlarmState(Severity.MINOR_ALARM, Status.LOW_ALARM);
    public static final AlarmState HIGH = new AlarmState(Severity.MINOR_ALARM, Status.HIGH_ALARM);
    public static final AlarmState HIHI = new AlarmState(Severity.MAJOR_ALARM, Status.HIHI_ALARM);

    public AlarmState {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
    }
}
