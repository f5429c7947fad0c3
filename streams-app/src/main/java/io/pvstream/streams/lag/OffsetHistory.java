package io.pvstream.streams.lag;

/**
 * When the records of one partition were appended, as far as samples of its end offset tell: at sample time
 * {@code t} the end offset was {@code e}, so every record below {@code e} existed at {@code t} and every record from
 * {@code e} on came later. The age of the oldest unprocessed record follows from where the processed position falls
 * between two samples (interpolated by offset, i.e. assuming a steady rate between them), with no read of the record
 * itself. Resolution: the sample interval. Not thread-safe: one sampler owns it.
 */
final class OffsetHistory {

    private final int capacity;
    private long[] times;
    private long[] ends;
    private int size;

    /** @param capacity samples kept; beyond it every other one goes (coarser, but the span still grows) */
    OffsetHistory(int capacity) {
        if (capacity < 4) {
            throw new IllegalArgumentException("capacity must be at least 4");
        }
        this.capacity = capacity;
        this.times = new long[capacity];
        this.ends = new long[capacity];
    }

    /** The end offset was {@code endOffset} at {@code timeMs}. An unchanged end offset adds nothing. */
    void record(long timeMs, long endOffset) {
        if (size > 0) {
            long last = ends[size - 1];
            if (endOffset == last) {
                return;
            }
            if (endOffset < last) {
                size = 0; // the topic was recreated or truncated: what we knew no longer holds
            }
        }
        if (size == capacity) {
            thin();
        }
        times[size] = timeMs;
        ends[size] = endOffset;
        size++;
    }

    /**
     * How long before {@code nowMs} the record at {@code position} (the next one to process) was appended; 0 when
     * {@code position} has reached the last sampled end offset. When it lies before the first sample (a backlog
     * older than this history), the age since the first sample: a lower bound.
     */
    long ageMs(long position, long nowMs) {
        if (size == 0 || position >= ends[size - 1]) {
            dropBefore(size - 1);
            return 0;
        }
        int i = lastAtOrBelow(position);
        if (i < 0) {
            return Math.max(0, nowMs - times[0]);
        }
        // appended after times[i] (end was ends[i] <= position then) and by times[i + 1] (end was past it then):
        // the k-th of the n records of that interval, at k/n of it
        double fraction = (double) (position - ends[i] + 1) / (ends[i + 1] - ends[i]);
        long appended = times[i] + Math.round(fraction * (times[i + 1] - times[i]));
        dropBefore(i); // the position only moves on: older samples cannot matter again
        return Math.max(0, nowMs - appended);
    }

    int size() {
        return size;
    }

    private int lastAtOrBelow(long position) {
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (ends[mid] <= position) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    private void dropBefore(int index) {
        if (index <= 0) {
            return;
        }
        System.arraycopy(times, index, times, 0, size - index);
        System.arraycopy(ends, index, ends, 0, size - index);
        size -= index;
    }

    /** Keeps the first, the last and every other one between: an interval then spans two of the old ones. */
    private void thin() {
        int kept = 1;
        for (int i = 2; i < size - 1; i += 2) {
            times[kept] = times[i];
            ends[kept] = ends[i];
            kept++;
        }
        times[kept] = times[size - 1];
        ends[kept] = ends[size - 1];
        size = kept + 1;
    }
}
