package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {

    /** Field 19 of /proc/PID/stat (after the parenthesized command name): the niceness. */
    private static int niceness(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    void aProcessAndTheChildrenItRunsNowAreLowered() throws Exception {
        Process parent = new ProcessBuilder("sh", "-c", "sleep 60 & wait").start();
        try {
            ProcessHandle child = await().until(() -> parent.toHandle().children().findFirst().orElse(null),
                    Objects::nonNull);

            BackgroundPriority.lower("a test process", parent.pid(), 7);

            assertThat(niceness(parent.pid())).isEqualTo(niceness(ProcessHandle.current().pid()) + 7);
            assertThat(niceness(child.pid())).isEqualTo(niceness(ProcessHandle.current().pid()) + 7);
        } finally {
            parent.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    @Test
    void zeroLeavesItAlone() throws Exception {
        Process process = new ProcessBuilder("sleep", "60").start();
        try {
            BackgroundPriority.lower("a test process", process.pid(), 0);

            assertThat(niceness(process.pid())).isEqualTo(niceness(ProcessHandle.current().pid()));
        } finally {
            process.destroyForcibly();
        }
    }
}
