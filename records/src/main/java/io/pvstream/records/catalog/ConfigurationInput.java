package io.pvstream.records.catalog;

import java.util.List;

/** A validated configuration body of POST or PUT: the full new state (PUT replaces, it does not patch). */
public record ConfigurationInput(String name, String description, List<ConfigurationPv> pvs) {

    public ConfigurationInput {
        pvs = List.copyOf(pvs);
    }
}
