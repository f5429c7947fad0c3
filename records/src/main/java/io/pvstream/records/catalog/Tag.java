package io.pvstream.records.catalog;

import io.pvstream.records.buffer.OpsEntity;

/**
 * A tag as the API shows it.
 *
 * @param updatedAt ISO-8601 time the API accepted the write that made this version (millisecond precision)
 */
public record Tag(String id, String txId, String name, String description, String updatedAt) implements OpsEntity {
}
