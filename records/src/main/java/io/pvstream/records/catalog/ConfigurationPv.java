package io.pvstream.records.catalog;

/**
 * One PV of a configuration.
 *
 * @param toleranceAbs absolute comparison tolerance, null = none
 * @param toleranceRel relative comparison tolerance, null = none
 * @param readOnly     saved and compared, never written back on restore
 */
public record ConfigurationPv(String name, Double toleranceAbs, Double toleranceRel, boolean readOnly) {
}
