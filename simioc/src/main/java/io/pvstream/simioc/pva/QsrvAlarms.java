package io.pvstream.simioc.pva;

import java.util.List;

import org.epics.pva.data.nt.PVAAlarm;

import io.pvstream.simioc.AlarmState;

/**
 * A CA alarm as QSRV (pva2pva's {@code mapStatus}, EPICS 7.0.3.1) serves it over pvAccess: the same severity number,
 * an NT status code in {@code alarm.status} and the CA condition name in {@code alarm.message}. Pure.
 */
final class QsrvAlarms {

    /** epicsAlarmConditionStrings, in the order of the CA status numbers. */
    static final List<String> CONDITIONS = List.of("NO_ALARM", "READ", "WRITE", "HIHI", "HIGH", "LOLO", "LOW",
            "STATE", "COS", "COMM", "TIMEOUT", "HWLIMIT", "CALC", "SCAN", "LINK", "SOFT", "BAD_SUB", "UDF",
            "DISABLE", "SIMM", "READ_ACCESS", "WRITE_ACCESS");
    private static final int DEVICE = 1;
    private static final int DRIVER = 2;
    private static final int RECORD = 3;
    private static final int DB = 4;
    private static final int UNDEFINED = 6;

    private QsrvAlarms() {
    }

    static PVAAlarm of(AlarmState alarm) {
        int code = alarm.status().getValue();
        String message = code >= 0 && code < CONDITIONS.size() ? CONDITIONS.get(code) : "???";
        return NtStructures.alarm(alarm.severity().getValue(), ntStatus(message), message);
    }

    /** pva2pva's "arbitrary mapping from DB status codes". */
    static int ntStatus(String condition) {
        return switch (condition) {
            case "NO_ALARM" -> 0;
            case "READ", "WRITE", "HIHI", "HIGH", "LOLO", "LOW", "STATE", "COS", "HWLIMIT" -> DEVICE;
            case "COMM", "TIMEOUT", "UDF" -> DRIVER;
            case "CALC", "SCAN", "LINK", "SOFT", "BAD_SUB" -> RECORD;
            case "DISABLE", "SIMM", "READ_ACCESS", "WRITE_ACCESS" -> DB;
            default -> UNDEFINED;
        };
    }
}
