package io.pvstream.ingest.pva;

import java.util.HashMap;
import java.util.Map;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.Severity;

/**
 * A normative-type {@code alarm} as the CA alarm of the same record. Pure.
 *
 * <p>The severities are the same numbers. The status is not: QSRV puts an NT status code in {@code alarm.status}
 * (0 NO_STATUS, 1 DEVICE, 2 DRIVER, 3 RECORD, 4 DB, 5 CONF, 6 UNDEFINED, 7 CLIENT) and the CA condition name
 * (HIHI, LOLO, STATE, ...) in {@code alarm.message}, so the message decides when it is one. Otherwise (a custom
 * message, a server other than QSRV): no severity is NO_ALARM, NT UNDEFINED is UDF, anything else SOFT.
 */
final class NtAlarms {

    private static final Severity[] SEVERITIES = Severity.values();
    private static final Map<String, AlarmStatus> BY_NAME = new HashMap<>();
    private static final int NT_UNDEFINED = 6;

    static {
        for (AlarmStatus status : AlarmStatus.values()) {
            BY_NAME.put(status.name(), status);
        }
    }

    private NtAlarms() {
    }

    static Severity severity(int ntSeverity) {
        return ntSeverity >= 0 && ntSeverity < SEVERITIES.length ? SEVERITIES[ntSeverity] : Severity.INVALID;
    }

    /** @param message {@code alarm.message}, may be null */
    static AlarmStatus status(Severity severity, int ntStatus, String message) {
        AlarmStatus named = message == null ? null : BY_NAME.get(message.strip());
        if (named != null) {
            return named;
        }
        if (severity == Severity.NO_ALARM) {
            return AlarmStatus.NO_ALARM;
        }
        return ntStatus == NT_UNDEFINED ? AlarmStatus.UDF : AlarmStatus.SOFT;
    }
}
