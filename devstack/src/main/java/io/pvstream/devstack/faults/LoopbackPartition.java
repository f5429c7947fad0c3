package io.pvstream.devstack.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network partition of one local process on loopback, made with {@code iptables}: every TCP packet to or from
 * it is dropped, while the process itself runs on (unlike SIGSTOP, it goes on sending heartbeats and requests that
 * reach nobody). All processes of the cluster share 127.0.0.1, so a packet is told apart by port: DROP rules for
 * every port it holds now (listening, accepted and the ephemeral ports of its own connections, read from
 * {@code ss}), and, for the sockets it opens during the partition, an OUTPUT rule on a cgroup v2 the process is
 * moved into (the cgroup match knows a socket by the cgroup of the process that created it).
 *
 * <p>Needs root, iptables and cgroup v2 ({@link #unavailableReason()}). Every rule carries a comment with the
 * process id; {@link #close()} removes them and moves the process back, and so does a shutdown hook should the
 * suite be stopped during the partition.
 */
final class LoopbackPartition implements AutoCloseable {

    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup/unified");
    private static final Pattern LOCAL_PORT = Pattern.compile("^\\S+\\s+\\d+\\s+\\d+\\s+\\S+:(\\d+)\\s");

    private final long pid;
    private final Path cgroup;
    private final List<List<String>> rules = new ArrayList<>();
    private final Thread onShutdown = new Thread(this::heal, "heal-partition");
    private boolean healed;

    private LoopbackPartition(long pid) {
        this.pid = pid;
        this.cgroup = CGROUP_ROOT.resolve("pvstream-partition-" + pid);
    }

    /** Why a partition cannot be made here, if it cannot. */
    static Optional<String> unavailableReason() {
        try {
            if (!Files.isWritable(CGROUP_ROOT.resolve("cgroup.procs"))) {
                return Optional.of("no writable cgroup v2 hierarchy at " + CGROUP_ROOT);
            }
            run(List.of("iptables", "-S", "OUTPUT"));
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Cuts the process {@code pid} off the loopback network until {@link #close()}. */
    static LoopbackPartition isolate(long pid) {
        LoopbackPartition partition = new LoopbackPartition(pid);
        Runtime.getRuntime().addShutdownHook(partition.onShutdown);
        try {
            partition.cut();
        } catch (RuntimeException e) {
            partition.close();
            throw e;
        }
        return partition;
    }

    /** The ports the process holds sockets on: listening, accepted, and the local ends of its connections. */
    int[] ports() {
        TreeSet<Integer> ports = new TreeSet<>();
        for (String line : run(List.of("ss", "-tanpH")).split("\n")) {
            if (line.contains("pid=" + pid + ",")) {
                Matcher port = LOCAL_PORT.matcher(line);
                if (port.find()) {
                    ports.add(Integer.parseInt(port.group(1)));
                }
            }
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    private void cut() {
        try {
            Files.createDirectories(cgroup);
            Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(pid));
        } catch (IOException e) {
            throw new IllegalStateException("cannot move process " + pid + " into " + cgroup + ": " + e, e);
        }
        // sockets opened from now on (the cgroup) first, then every port held: no connection slips between them
        add(List.of("OUTPUT", "-o", "lo", "-m", "cgroup", "--path", CGROUP_ROOT.relativize(cgroup).toString()));
        for (int port : ports()) {
            add(List.of("INPUT", "-i", "lo", "-p", "tcp", "--dport", Integer.toString(port)));
            add(List.of("OUTPUT", "-o", "lo", "-p", "tcp", "--sport", Integer.toString(port)));
        }
    }

    private void add(List<String> match) {
        List<String> rule = new ArrayList<>(match);
        rule.addAll(List.of("-m", "comment", "--comment", "pvstream-partition-" + pid, "-j", "DROP"));
        run(command("-A", rule));
        rules.add(rule);
    }

    /** How many iptables rules it holds now. */
    synchronized int ruleCount() {
        return rules.size();
    }

    private synchronized void heal() {
        if (healed) {
            return;
        }
        healed = true;
        List<String> problems = new ArrayList<>();
        for (List<String> rule : rules) {
            try {
                run(command("-D", rule));
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        rules.clear();
        try {
            if (Files.exists(cgroup)) {
                if (ProcessHandle.of(pid).isPresent()) {
                    Files.writeString(CGROUP_ROOT.resolve("cgroup.procs"), Long.toString(pid));
                }
                Files.delete(cgroup);
            }
        } catch (IOException e) {
            problems.add("cannot remove " + cgroup + ": " + e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("partition of " + pid + " not fully healed: " + problems);
        }
    }

    /** Removes every rule and the cgroup: the process is reachable again. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onShutdown);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran: heal() below is then a no-op or does the same
        }
        heal();
    }

    private static List<String> command(String action, List<String> rule) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", action));
        command.addAll(rule);
        return command;
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command.get(0), e);
        }
    }
}
