package io.pvstream.records.db;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One page of a listing: {@code {"items": [...], "next": cursor | null, "database": "available" | "unavailable"}}.
 * With the database unavailable the items are the pending overlay alone.
 */
public record OpsPage(List<ObjectNode> items, String next, String database) {

    public static final String AVAILABLE = "available";
    public static final String UNAVAILABLE = "unavailable";
}
