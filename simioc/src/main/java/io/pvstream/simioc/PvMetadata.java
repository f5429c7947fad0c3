package io.pvstream.simioc;

import java.util.List;

/**
 * Static CA metadata of one PV, as a client sees it in DBR_GR_* / DBR_CTRL_* (units, precision,
 * limits) and DBR_CTRL_ENUM (labels).
 *
 * <p>Alarm limits follow the EPICS record fields LOLO/LOW/HIGH/HIHI. A PV whose alarm limits are all
 * zero ({@link #hasAlarmLimits()} false) keeps whatever alarm was set on it instead of deriving one.
 */
public record PvMetadata(
        String units,
        short precision,
        double lowerDisplay, double upperDisplay,
        double lowerControl, double upperControl,
        double lolo, double low, double high, double hihi,
        List<String> enumLabels) {

    /** No units, no limits, precision undefined (-1), as CAJ uses for "not set". */
    public static final PvMetadata NONE =
            new PvMetadata("", (short) -1, 0, 0, 0, 0, 0, 0, 0, 0, List.of());

    public PvMetadata {
        units = units == null ? "" : units;
        enumLabels = List.copyOf(enumLabels);
    }

    /** Analog PV with display and control range [lower, upper] and the four alarm limits. */
    public static PvMetadata analog(String units, int precision, double lower, double upper,
                                    double lolo, double low, double high, double hihi) {
        return new PvMetadata(units, (short) precision, lower, upper, lower, upper,
                lolo, low, high, hihi, List.of());
    }

    /** Analog PV with a display/control range but no alarm limits. */
    public static PvMetadata ranged(String units, int precision, double lower, double upper) {
        return analog(units, precision, lower, upper, 0, 0, 0, 0);
    }

    public static PvMetadata enumerated(String... labels) {
        return new PvMetadata("", (short) -1, 0, 0, 0, 0, 0, 0, 0, 0, List.of(labels));
    }

    public boolean hasAlarmLimits() {
        return lolo != 0 || low != 0 || high != 0 || hihi != 0;
    }

    /** The alarm an EPICS ai record would raise for this value (MAJOR beats MINOR). */
    public AlarmState alarmFor(double value) {
        if (value <= lolo) {
            return AlarmState.LOLO;
        }
        if (value >= hihi) {
            return AlarmState.HIHI;
        }
        if (value <= low) {
            return AlarmState.LOW;
        }
        if (value >= high) {
            return AlarmState.HIGH;
        }
        return AlarmState.NO_ALARM;
    }
}
