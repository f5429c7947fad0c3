package io.pvstream.streams.restore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.JobState;

/**
 * A task's in-memory index of its RUNNING jobs by deadline, so the deadline check every second reads only the
 * jobs that are due, not every job of the last weeks. Rebuilt from the store when the task starts, updated with
 * every write. Not thread-safe: one per task.
 */
final class RunningJobs {

    private record Slot(long deadlineNs, String jobId) implements Comparable<Slot> {
        @Override
        public int compareTo(Slot other) {
            int byDeadline = Long.compare(deadlineNs, other.deadlineNs);
            return byDeadline != 0 ? byDeadline : jobId.compareTo(other.jobId);
        }
    }

    private final NavigableSet<Slot> byDeadline = new TreeSet<>();
    private final Map<String, Long> deadlineOf = new HashMap<>();

    /** Records the current progress of {@code jobId}. */
    void track(String jobId, JobProgress progress) {
        forget(jobId);
        if (progress.getState() == JobState.RUNNING) {
            long deadline = progress.getJob().getDeadlineNs();
            byDeadline.add(new Slot(deadline, jobId));
            deadlineOf.put(jobId, deadline);
        }
    }

    void forget(String jobId) {
        Long deadline = deadlineOf.remove(jobId);
        if (deadline != null) {
            byDeadline.remove(new Slot(deadline, jobId));
        }
    }

    /** RUNNING jobs whose deadline is not after {@code nowNs}, earliest first. */
    List<String> due(long nowNs) {
        List<String> due = new ArrayList<>();
        for (Slot slot : byDeadline) {
            if (slot.deadlineNs() > nowNs) {
                break;
            }
            due.add(slot.jobId());
        }
        return due;
    }

    int size() {
        return deadlineOf.size();
    }

    void clear() {
        byDeadline.clear();
        deadlineOf.clear();
    }
}
