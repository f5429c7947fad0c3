package io.pvstream.records.buffer;

/** What every operations entity has: an id, the transaction that last wrote it, and a name lists are sorted by. */
public interface OpsEntity {

    String id();

    String txId();

    String name();
}
