package io.pvstream.query.ws;

import java.util.ArrayList;
import java.util.List;

import io.pvstream.query.ws.Outcome.InitialStateRequest;

/**
 * The subscribes of one client whose snapshot is loading, and which diffs they hold back: only those of the PVs a
 * loading subscribe names or matches (the client must get their state before their changes). Diffs of every other
 * subscribed PV go on flowing, so a second subscribe, or one whose pattern scan is slow, never pauses the
 * subscriptions already made. Not thread-safe: its session guards it.
 */
final class InitialStatesLoading {

    private final List<InitialStateRequest> requests = new ArrayList<>();

    void add(InitialStateRequest request) {
        requests.add(request);
    }

    /** The request was answered (snapshot or error). */
    void remove(InitialStateRequest request) {
        requests.remove(request);
    }

    int size() {
        return requests.size();
    }

    boolean isEmpty() {
        return requests.isEmpty();
    }

    /** Whether a diff of {@code name} must wait for a snapshot still loading. */
    boolean holdsBack(String name) {
        for (InitialStateRequest request : requests) {
            if (request.pvs().contains(name)) {
                return true;
            }
            for (GlobPattern pattern : request.patterns()) {
                if (pattern.matches(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
