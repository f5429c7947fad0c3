package io.pvstream.devstack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}, {@code pg_basebackup}).
 * Debian keeps them off the PATH, under {@code /usr/lib/postgresql/<major>/bin}; the system
 * property {@value #BIN_DIR_PROPERTY} points elsewhere.
 */
final class PostgresBinaries {

    static final String BIN_DIR_PROPERTY = "pvstream.postgres.bin";
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    private PostgresBinaries() {
    }

    static Path binDir() {
        return Optional.ofNullable(System.getProperty(BIN_DIR_PROPERTY)).map(Path::of)
                .or(PostgresBinaries::newestDebianBinDir)
                .or(PostgresBinaries::onPath)
                .filter(dir -> Files.isExecutable(dir.resolve("pg_ctl")))
                .orElseThrow(() -> new IllegalStateException("PostgreSQL server binaries not found (looked at -D"
                        + BIN_DIR_PROPERTY + ", " + DEBIAN_ROOT + "/<major>/bin and the PATH); "
                        + "install them, e.g. apt-get install postgresql"));
    }

    private static Optional<Path> newestDebianBinDir() {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions
                    .filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
                    .map(dir -> dir.resolve("bin"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DEBIAN_ROOT, e);
        }
    }

    private static Optional<Path> onPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(Path::of)
                .filter(dir -> Files.isExecutable(dir.resolve("pg_ctl")))
                .findFirst();
    }
}
