package io.pvstream.query.ws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The diffs one client has not been sent yet: the newest per PV (older ones coalesced into it), in order of first
 * arrival, at most {@code max} PVs (diffs of further PVs are dropped), with the counts the heartbeats report. Not
 * thread-safe: its session guards it.
 */
final class PendingDiffs {

    private final LinkedHashMap<String, EncodedDiff> byName = new LinkedHashMap<>();
    private final ServerMessages messages;
    private final int max;
    private long coalesced;
    private long dropped;
    private long coalescedTotal;
    private long droppedTotal;

    PendingDiffs(ServerMessages messages, int max) {
        this.messages = messages;
        this.max = max;
    }

    /** Keeps {@code diff}, coalesced with the one of its PV already pending; dropped if the queue is full. */
    void add(EncodedDiff diff) {
        EncodedDiff older = byName.get(diff.name());
        if (older != null) {
            byName.put(diff.name(), messages.coalesce(older, diff));
            coalesced++;
            coalescedTotal++;
        } else if (byName.size() >= max) {
            dropped++; // the bound holds; the client learns of it from the next heartbeat
            droppedTotal++;
        } else {
            byName.put(diff.name(), diff);
        }
    }

    /** Whether a diff can go now: one of a PV that no loading snapshot holds back. */
    boolean anyDue(InitialStatesLoading loading) {
        if (byName.isEmpty() || loading.isEmpty()) {
            return !byName.isEmpty();
        }
        for (String name : byName.keySet()) {
            if (!loading.holdsBack(name)) {
                return true;
            }
        }
        return false;
    }

    /** Takes the diffs due out of the queue, in order of first arrival; held-back ones stay. */
    List<EncodedDiff> takeDue(InitialStatesLoading loading) {
        List<EncodedDiff> due = new ArrayList<>(byName.size());
        for (Iterator<EncodedDiff> it = byName.values().iterator(); it.hasNext(); ) {
            EncodedDiff diff = it.next();
            if (loading.isEmpty() || !loading.holdsBack(diff.name())) {
                due.add(diff);
                it.remove();
            }
        }
        return due;
    }

    /** Drops the diffs of the PVs no longer watched: they stop at once, not after the batch. */
    void keepOnly(Predicate<String> watched) {
        byName.keySet().removeIf(name -> !watched.test(name));
    }

    /**
     * Diffs that arrived while a snapshot was loading and that the snapshot already includes (same or newer value,
     * same connection) would move the client's view back in time: drop them.
     */
    void dropOlderThan(InitialStateLoader.InitialState snapshot) {
        Map<String, JsonNode> stateByName = new HashMap<>();
        snapshot.pvs().forEach(pv -> stateByName.put(ServerMessages.nameOf(pv), pv));
        byName.values().removeIf(diff -> {
            JsonNode state = stateByName.get(diff.name());
            if (state == null || diff.timestampNs() == null) {
                return false;
            }
            boolean sameConnection = Objects.equals(diff.connected(),
                    state.path("connected").isBoolean() ? state.path("connected").asBoolean() : null);
            return sameConnection && diff.timestampNs() <= state.path("timestampNs").asLong(Long.MIN_VALUE);
        });
    }

    void clear() {
        byName.clear();
    }

    int size() {
        return byName.size();
    }

    long coalescedTotal() {
        return coalescedTotal;
    }

    long droppedTotal() {
        return droppedTotal;
    }

    /** The heartbeat: counts since the previous one (then reset) and since the connection opened. */
    String heartbeat(int subscriptions) {
        String heartbeat = messages.heartbeat(coalesced, dropped, coalescedTotal, droppedTotal, subscriptions);
        coalesced = 0;
        dropped = 0;
        return heartbeat;
    }
}
