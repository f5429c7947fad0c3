package io.pvstream.devstack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.pvstream.connectors.ConnectWorkerMain;

/**
 * Where the machine's CPU goes during a measurement: the whole machine's busy share ({@code /proc/stat}) and the CPU
 * time of named groups of processes (this JVM, the Connect worker, PostgreSQL, the IOC), as cores over the window.
 * Tells whether a rate is carried "with room to spare" and which part takes the cores. Linux only.
 */
final class MachineCpu {

    private static final String SELF = "platform JVM";
    private static final long SELF_PID = ProcessHandle.current().pid();
    /**
     * The other groups, by a test on a process's command line; the first that matches takes it. The Connect worker
     * is told its parent's pid in an option placed before its (long) classpath, so its command line shows it.
     */
    private static final Map<String, Predicate<String>> OTHERS = new LinkedHashMap<>();

    static {
        OTHERS.put("Connect worker", command -> command.contains(ConnectWorkerMain.PARENT_PID_PROPERTY));
        OTHERS.put("PostgreSQL", command -> command.contains("postgres"));
        OTHERS.put("softIoc", command -> command.contains("softIoc"));
    }

    private final long startNs = System.nanoTime();
    private final long[] machineStart = machineJiffies();
    private final Map<Long, Duration> processesStart = processCpu();

    /** Cores used per group and the machine's busy share since this object was made. */
    String report() {
        double seconds = (System.nanoTime() - startNs) / 1e9;
        long[] machineEnd = machineJiffies();
        Map<String, Duration> groups = new LinkedHashMap<>();
        groups.put(SELF, Duration.ZERO);
        OTHERS.keySet().forEach(group -> groups.put(group, Duration.ZERO));
        processCpu().forEach((pid, cpu) -> ProcessHandle.of(pid).map(MachineCpu::groupOf).ifPresent(group ->
                groups.merge(group, cpu.minus(processesStart.getOrDefault(pid, Duration.ZERO)), Duration::plus)));
        StringBuilder out = new StringBuilder(String.format("CPU over %.0f s (%d cores): machine %.0f %% busy;",
                seconds, Runtime.getRuntime().availableProcessors(),
                100.0 * (machineEnd[0] - machineStart[0]) / Math.max(1, machineEnd[1] - machineStart[1])));
        groups.forEach((group, cpu) -> out.append(String.format(" %s %.2f cores,", group,
                cpu.toNanos() / 1e9 / seconds)));
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** Busy and total jiffies of all CPUs (the first line of /proc/stat; idle and iowait are not busy). */
    private static long[] machineJiffies() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < fields.length; i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i == 4 || i == 5) {
                    idle += value;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU time so far of each process alive now (one that starts later counts from zero). */
    private static Map<Long, Duration> processCpu() {
        Map<Long, Duration> cpu = new LinkedHashMap<>();
        ProcessHandle.allProcesses().forEach(process -> process.info().totalCpuDuration()
                .ifPresent(used -> cpu.put(process.pid(), used)));
        return cpu;
    }

    /**
     * A process's name from {@code /proc/<pid>/comm}. A softIoc run with {@code -S} ends its main thread while its
     * other threads serve, so {@code /proc/<pid>/cmdline} is empty (a zombie leader) and only its name is left.
     */
    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) { // the process has ended
            return "";
        }
    }

    /** The group a process belongs to, or null. */
    private static String groupOf(ProcessHandle process) {
        if (process.pid() == SELF_PID) {
            return SELF;
        }
        String command = process.info().commandLine().orElseGet(() -> comm(process.pid()));
        return OTHERS.entrySet().stream().filter(entry -> entry.getValue().test(command)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
