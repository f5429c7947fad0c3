package io.pvstream.query.ws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The restore jobs one client watches: ids, or {@value #ALL}. Not thread-safe: its session guards it. */
final class JobSubscriptions {

    /** Watches every job. */
    static final String ALL = "*";

    private final Set<String> entries = new HashSet<>();

    int size() {
        return entries.size();
    }

    /** How many of {@code jobs} are not held yet. */
    int countNew(Collection<String> jobs) {
        Set<String> fresh = new HashSet<>(jobs);
        fresh.removeAll(entries);
        return fresh.size();
    }

    /** Adds them; returns those that were not held (only these are taken back if loading fails). */
    List<String> add(Collection<String> jobs) {
        List<String> added = new ArrayList<>();
        for (String job : jobs) {
            if (entries.add(job)) {
                added.add(job);
            }
        }
        return added;
    }

    void remove(Collection<String> jobs) {
        entries.removeAll(jobs);
    }

    boolean matches(String jobId) {
        return entries.contains(ALL) || entries.contains(jobId);
    }
}
