package io.pvstream.query.ws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one client watches: exact PV names and glob patterns. Not thread-safe: its session guards it. */
final class Subscriptions {

    private final Set<String> names = new HashSet<>();
    private final Map<String, GlobPattern> patterns = new LinkedHashMap<>();

    /** What an {@link #add} added: only these are taken back if its snapshot fails. */
    record Added(List<String> names, List<String> patterns) {
    }

    int size() {
        return names.size() + patterns.size();
    }

    /** The size after adding these, without adding them (entries already held count once). */
    int sizeAfterAdding(Collection<String> newNames, Collection<String> newPatterns) {
        Set<String> n = new HashSet<>(newNames);
        n.removeAll(names);
        Set<String> p = new HashSet<>(newPatterns);
        p.removeAll(patterns.keySet());
        return size() + n.size() + p.size();
    }

    Added add(Collection<String> newNames, Collection<String> newPatterns) {
        List<String> addedNames = new ArrayList<>();
        for (String name : newNames) {
            if (names.add(name)) {
                addedNames.add(name);
            }
        }
        List<String> addedPatterns = new ArrayList<>();
        for (String pattern : newPatterns) {
            if (patterns.putIfAbsent(pattern, GlobPattern.compile(pattern)) == null) {
                addedPatterns.add(pattern);
            }
        }
        return new Added(addedNames, addedPatterns);
    }

    void remove(Collection<String> oldNames, Collection<String> oldPatterns) {
        names.removeAll(oldNames);
        oldPatterns.forEach(patterns::remove);
    }

    boolean matches(String name) {
        if (names.contains(name)) {
            return true;
        }
        for (GlobPattern pattern : patterns.values()) {
            if (pattern.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
