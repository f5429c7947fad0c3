package io.pvstream.records.keys;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The audit trail as stored, newest first. */
public interface AuditLog {

    /** One page, newest first. */
    record Page(List<ObjectNode> items, String nextCursor) {
    }

    /**
     * @param cursor a {@link Page#nextCursor} of an earlier page, or null for the newest
     * @throws io.pvstream.records.db.DatabaseUnavailableException if the database cannot answer
     */
    Page page(AuditCursor cursor, int limit);
}
