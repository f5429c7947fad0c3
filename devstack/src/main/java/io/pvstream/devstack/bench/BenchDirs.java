package io.pvstream.devstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.utils.Utils;

/** Working directories of a benchmark: brokers and databases write gigabytes there, so they go when the JVM exits. */
final class BenchDirs {

    private BenchDirs() {
    }

    /** A fresh directory under the system's temporary directory, deleted with all it holds at JVM exit. */
    static Path temporary(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Utils.delete(dir.toFile());
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }, "delete-" + prefix));
        return dir;
    }
}
