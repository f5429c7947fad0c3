package io.pvstream.simioc.pva;

import java.time.Instant;

import org.epics.pva.data.PVABool;
import org.epics.pva.data.PVAData;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVADoubleArray;
import org.epics.pva.data.PVAInt;
import org.epics.pva.data.PVAString;
import org.epics.pva.data.PVAStringArray;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVAAlarm;
import org.epics.pva.data.nt.PVAControl;
import org.epics.pva.data.nt.PVADisplay;
import org.epics.pva.data.nt.PVAEnum;
import org.epics.pva.data.nt.PVATimeStamp;

/**
 * Normative-type structures shaped as QSRV serves a record: {@code value, alarm, timeStamp, display, control,
 * valueAlarm} (NTScalar, NTScalarArray), {@code value{index,choices}, alarm, timeStamp} (NTEnum), and an NTTable,
 * which the ingest does not map.
 */
final class NtStructures {

    static final String NT_SCALAR = "epics:nt/NTScalar:1.0";
    static final String NT_SCALAR_ARRAY = "epics:nt/NTScalarArray:1.0";
    static final String NT_ENUM = "epics:nt/NTEnum:1.0";
    static final String NT_TABLE = "epics:nt/NTTable:1.0";

    private NtStructures() {
    }

    /** A numeric NTScalar or NTScalarArray with display, control and alarm limits. */
    static PVAStructure numeric(String type, PVAData value, Limits limits) {
        return numeric(type, value, alarm(), Instant.now(), limits, limits.low(), limits.high());
    }

    /**
     * A numeric NTScalar or NTScalarArray with the given alarm and time, display limits and alarm limits from
     * {@code limits} and control (drive) limits of their own.
     */
    static PVAStructure numeric(String type, PVAData value, PVAAlarm alarm, Instant time, Limits limits,
                                double controlLow, double controlHigh) {
        return new PVAStructure("", type, value, alarm, new PVATimeStamp(time),
                new PVADisplay(limits.low(), limits.high(), "", limits.units(), limits.precision(),
                        PVADisplay.Form.DEFAULT),
                new PVAControl(controlLow, controlHigh, 0),
                new PVAStructure("valueAlarm", "valueAlarm_t",
                        new PVABool("active", false),
                        new PVADouble("lowAlarmLimit", limits.lolo()),
                        new PVADouble("lowWarningLimit", limits.lowWarning()),
                        new PVADouble("highWarningLimit", limits.highWarning()),
                        new PVADouble("highAlarmLimit", limits.hihi())));
    }

    static PVAStructure string(String value) {
        return new PVAStructure("", NT_SCALAR, new PVAString("value", value), alarm(), new PVATimeStamp(Instant.now()));
    }

    static PVAStructure enumerated(int index, String... choices) {
        return new PVAStructure("", NT_ENUM, new PVAEnum("value", index, choices), alarm(),
                new PVATimeStamp(Instant.now()));
    }

    static PVAStructure table() {
        return new PVAStructure("", NT_TABLE, new PVAStringArray("labels", "x", "y"),
                new PVAStructure("value", "", new PVADoubleArray("x", 1, 2), new PVADoubleArray("y", 3, 4)));
    }

    static PVAStructure doubleArray(double[] values, Limits limits) {
        return numeric(NT_SCALAR_ARRAY, new PVADoubleArray("value", values), limits);
    }

    /** No alarm, as a processed record has it (not UDF). */
    private static PVAAlarm alarm() {
        return alarm(0, 0, "NO_ALARM");
    }

    /** An alarm as QSRV serves it: severity, NT status code, CA condition name in the message. */
    static PVAAlarm alarm(int severity, int ntStatus, String message) {
        return new PVAAlarm(new PVAInt("severity", severity), new PVAInt("status", ntStatus),
                new PVAString("message", message));
    }

    /** Display and control limits, alarm limits (NaN = none), units and precision of a numeric PV. */
    record Limits(double low, double high, double lolo, double lowWarning, double highWarning, double hihi,
                  String units, int precision) {
    }
}
