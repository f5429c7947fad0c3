package io.pvstream.devstack.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small sampling profiler of the stream threads, to tell each branch's share of their time: every
 * {@value #PERIOD_MS} ms it takes the stack of each running stream thread and charges the sample to the first
 * frame (from the top) that belongs to a known part, or to what it waits for. A branch called from another (the archive from the diff
 * processor, a sink from its processor) is charged to the innermost, so the shares add up to 100 %. Also sums the
 * stream threads' CPU time. Coarse (JFR is the real profiler: see BENCHMARKS.md), but it runs in every benchmark.
 */
final class StreamThreadSampler implements AutoCloseable {

    private static final int PERIOD_MS = 10;

    /** Part → class-name fragments; the first part whose fragment a frame's class contains wins, in this order. */
    private static final Map<String, List<String>> PARTS = parts();

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, Integer> samples = new TreeMap<>();
    private final Thread sampler;
    private volatile boolean stopping;
    private long startCpuNs;

    StreamThreadSampler() {
        startCpuNs = streamThreadCpuNs();
        sampler = new Thread(this::run, "stream-thread-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static Map<String, List<String>> parts() {
        Map<String, List<String>> parts = new LinkedHashMap<>();
        parts.put("archive (ArchiveProcessor, JSON rows, pv.archive sink)", List.of(".archive."));
        parts.put("watchdog (StaleWatchdog)", List.of(".watchdog."));
        parts.put("latest (PvLatestProcessor, pv-latest store)", List.of("PvLatestProcessor", "PvLatestStore"));
        parts.put("diffs (PvDiffProcessor, pv.diffs sink)", List.of(".diff."));
        parts.put("read pv.* (poll, deserialize, merge)", List.of("SourceNode", "RecordDeserializer",
                "RecordQueue", "PartitionGroup", "KafkaConsumer", "ClassicKafkaConsumer", "AsyncKafkaConsumer"));
        parts.put("commit (flush stores, producer, offsets)", List.of("TaskExecutor.commit", "commitTasks",
                "TaskManager.commit", "StreamTask.prepareCommit", "StreamTask.postCommit"));
        return parts;
    }

    private void run() {
        long[] ids = new long[0];
        for (int round = 0; !stopping; round++) {
            if (round % 100 == 0) { // threads come and go with rebalances: look again every second
                ids = streamThreadIds();
            }
            for (ThreadInfo info : threads.getThreadInfo(ids, 60)) {
                if (info != null) {
                    samples.merge(info.getThreadState() == Thread.State.RUNNABLE ? partOf(info.getStackTrace())
                            : blockedIn(info.getStackTrace()), 1, Integer::sum);
                }
            }
            try {
                Thread.sleep(PERIOD_MS); // the sampling period
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String blockedIn(StackTraceElement[] stack) {
        boolean flushing = Arrays.stream(stack).anyMatch(frame -> frame.getClassName().endsWith("KafkaProducer")
                && frame.getMethodName().equals("flush"));
        return flushing ? "waiting for the producer's acks (flush in a commit)" : "blocked (other)";
    }

    private static String partOf(StackTraceElement[] stack) {
        if (stack.length > 0 && (stack[0].getClassName().contains("EPoll") || stack[0].getMethodName().equals("poll0"))) {
            // RUNNABLE in Java terms, but waiting in the kernel for the broker
            boolean committing = Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().startsWith("commit"));
            return committing ? "waiting for the broker in a commit" : "waiting for the broker in poll";
        }
        for (StackTraceElement frame : stack) {
            String where = frame.getClassName() + "." + frame.getMethodName();
            for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
                if (part.getValue().stream().anyMatch(where::contains)) {
                    return part.getKey();
                }
            }
        }
        return "other (stream thread loop, Kafka Streams internals)";
    }

    private long[] streamThreadIds() {
        // Not the stream threads' producer ("...-StreamThread-1-producer") nor other helpers named after them.
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().matches(".*-StreamThread-\\d+"))
                .mapToLong(Thread::getId).toArray();
    }

    /** CPU time of every live stream thread, summed, ns. */
    long streamThreadCpuNs() {
        long total = 0;
        for (long id : streamThreadIds()) {
            total += Math.max(threads.getThreadCpuTime(id), 0);
        }
        return total;
    }

    /** Prints the shares; call after {@link #close}. */
    void print(String indent) {
        int all = samples.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("%sshare of the stream threads' samples (%,d, every %d ms):%n", indent, all, PERIOD_MS);
        samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> System.out.printf("%s  %5.1f %%  %s%n", indent, 100.0 * e.getValue() / all, e.getKey()));
    }

    long cpuSinceStartNs() {
        return streamThreadCpuNs() - startCpuNs;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        sampler.join(5_000);
    }
}
