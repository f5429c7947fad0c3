package io.pvstream.records.snapshots;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * Saved snapshots: take one (of the live values or of the past), list them, read one, compare it. The one owner
 * of the snapshot flow; the HTTP routes only parse and render. {@link BufferedSnapshotService} is the real one.
 */
public interface SnapshotService {

    /**
     * A snapshot just taken: its id, and its item as lists show it, with {@code "state": "pending"} and
     * {@code "notOk"}: up to 100 of its PVs that were not read ok (disconnected, never seen).
     *
     * @param readMs  how long reading the values took (for a live snapshot: waiting until the stores caught up, then
     *                the scan)
     * @param writeMs how long the write buffer (Kafka) took to acknowledge every part
     */
    record Taken(String id, ObjectNode item, long readMs, long writeMs) {
    }

    /**
     * Reads the values (live, or from the archive when the request has {@code asOf}) and writes the snapshot
     * through the operations buffer; answers as soon as Kafka has it.
     *
     * @param author who takes it, or null
     */
    Taken take(SnapshotRequest request, String author);

    /** One page of snapshot headers, newest first. */
    SnapshotReader.Page list(SnapshotQuery query);

    /** A snapshot with all its values, wherever it stands (buffer or database). */
    SnapshotReader.Loaded read(String id);

    /** A snapshot's header alone, with its state: no value is read (a 40K-PV snapshot's page opens on it). */
    ObjectNode header(String id);

    /**
     * Compares snapshot {@code id} with the live values ({@code with = "live"}) or with another snapshot.
     *
     * @param override tolerances that replace the saved ones (nulls: keep them)
     */
    SnapshotCompare.Result compare(String id, String with, SnapshotCompare.Tolerance override);

    /**
     * Compares snapshot {@code id} with the values the archive holds at {@code at} (each PV's last archived change
     * at or before it), as a snapshot taken then ({@code asOf}) would have saved them.
     *
     * @throws io.pvstream.records.DomainException.Invalid when this instance has no archive
     */
    SnapshotCompare.Result compareWithPast(String id, Instant at, SnapshotCompare.Tolerance override);
}
