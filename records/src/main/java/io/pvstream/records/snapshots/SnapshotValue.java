package io.pvstream.records.snapshots;

/**
 * One PV as a snapshot saved it: a row of {@code snapshot_value}, and the JSON the instances exchange (the API
 * shows it through {@link SnapshotValues#view}). The value is typed for SQL: {@code kind} says where it is.
 *
 * @param kind         double, long, string, enum, double_array, long_array or string_array; null without a value
 * @param num          double/long value, or the enum index
 * @param text         string value, or the enum label
 * @param json         arrays, as a JSON array
 * @param timestampNs  EPICS (IOC) timestamp, ns since the Unix epoch
 * @param toleranceAbs absolute comparison tolerance from the configuration, null = none
 * @param toleranceRel relative comparison tolerance from the configuration, null = none
 * @param readOnly     never written back on restore (from the configuration)
 */
public record SnapshotValue(String pv, SavedState state, String kind, Double num, String text, String json,
                            Long timestampNs, String severity, String status, Double toleranceAbs,
                            Double toleranceRel, boolean readOnly) {

    public boolean hasValue() {
        return kind != null;
    }

    public SnapshotValue withSettings(Double abs, Double rel, boolean readOnlyFlag) {
        return new SnapshotValue(pv, state, kind, num, text, json, timestampNs, severity, status, abs, rel,
                readOnlyFlag);
    }
}
