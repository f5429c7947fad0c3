package io.pvstream.records.catalog;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pvstream.records.buffer.OpsEntity;

/**
 * A configuration as the API shows it.
 *
 * @param updatedAt ISO-8601 time the API accepted the write that made this version (millisecond precision,
 *                  as the database keeps it)
 * @param pvCount   number of PVs; lists carry only this
 * @param pvs       the PVs in name order; null in lists (a configuration may hold 100 000 PVs)
 */
public record Configuration(String id, String txId, String name, String description, String updatedAt, int pvCount,
                            @JsonInclude(JsonInclude.Include.NON_NULL) List<ConfigurationPv> pvs)
        implements OpsEntity {

    /** The same without its PV list, as lists show it. */
    public Configuration summary() {
        return new Configuration(id, txId, name, description, updatedAt, pvCount, null);
    }
}
