package io.pvstream.devstack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the CPU priority (raises the niceness) of the parts that may fall behind without harm when the whole
 * platform shares one machine: PostgreSQL and the Connect worker. Operations records wait in Kafka until they are
 * written and the archive catches up later, but a live value served late is wrong. When the cores are saturated
 * the kernel then gives them to the live path first (IOC, broker, ingest, Streams, API). In a real deployment
 * these parts have machines of their own and this is not needed.
 *
 * <p>Uses {@code renice}: Java has no API for it. A failure is logged, never fatal: priority is a tuning, not a
 * function.
 */
final class BackgroundPriority {

    private static final Logger log = LoggerFactory.getLogger(BackgroundPriority.class);

    private BackgroundPriority() {
    }

    /**
     * @param what     for the log
     * @param pid      the process; its children now running are lowered too (a postmaster's background workers:
     *                 backends it forks later inherit its niceness)
     * @param niceness 0 (leave it) to 19
     */
    static void lower(String what, long pid, int niceness) {
        if (niceness <= 0) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(niceness), "-p",
                Long.toString(pid)));
        ProcessHandle.of(pid).ifPresent(process -> process.children()
                .forEach(child -> command.add(Long.toString(child.pid()))));
        ProcessBuilder renice = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = renice.start();
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                log.warn("could not lower the priority of {} (pid {}): renice failed", what, pid);
                return;
            }
            log.info("{} (pid {}) runs at niceness {}", what, pid, niceness);
        } catch (IOException e) {
            log.warn("could not lower the priority of {} (pid {}): {}", what, pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
