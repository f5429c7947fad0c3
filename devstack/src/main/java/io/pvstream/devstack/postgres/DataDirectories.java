package io.pvstream.devstack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Creates the data directories: the primary's with {@code initdb}, the replica's with
 * {@code pg_basebackup} from the running primary. Each is built under a {@code .tmp} name and
 * renamed when complete, so a run interrupted half-way is redone instead of half-reused.
 */
final class DataDirectories {

    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration BASEBACKUP_TIMEOUT = Duration.ofMinutes(5);

    private final PostgresCommands commands;
    private final PostgresOsUser user;

    DataDirectories(PostgresCommands commands, PostgresOsUser user) {
        this.commands = commands;
        this.user = user;
    }

    static boolean isInitialized(Path dataDir) {
        return Files.exists(dataDir.resolve("PG_VERSION"));
    }

    /** initdb with superuser {@code postgres}, our pg_hba.conf, and postgresql.conf including our settings. */
    void initPrimary(Path dataDir) {
        Path building = building(dataDir);
        commands.run(INITDB_TIMEOUT, "initdb", "-D", building.toString(), "--username=postgres",
                "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions");
        try {
            Files.writeString(building.resolve("pg_hba.conf"), PostgresSettings.PG_HBA, StandardCharsets.UTF_8);
            Files.writeString(building.resolve("postgresql.conf"), "\n" + PostgresSettings.INCLUDE_LINE + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure " + building, e);
        }
        complete(building, dataDir);
    }

    /**
     * A streaming copy of the running primary. The copy brings the primary's pg_hba.conf and
     * include line; {@code -R} adds standby.signal and a primary_conninfo that names the primary's
     * port of today, which is removed so that {@link PostgresSettings#replica} owns it.
     */
    void cloneReplica(Path dataDir, int primaryPort) {
        Path building = building(dataDir);
        commands.run(BASEBACKUP_TIMEOUT, "pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primaryPort),
                "-U", "postgres", "-D", building.toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync");
        removePrimaryConninfo(building.resolve("postgresql.auto.conf"));
        complete(building, dataDir);
    }

    private Path building(Path dataDir) {
        Path building = dataDir.resolveSibling(dataDir.getFileName() + ".tmp");
        deleteRecursively(building);
        return building;
    }

    private static void complete(Path building, Path dataDir) {
        try {
            Files.move(building, dataDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + building + " to " + dataDir, e);
        }
    }

    private void removePrimaryConninfo(Path autoConf) {
        try {
            List<String> kept;
            try (Stream<String> lines = Files.lines(autoConf)) {
                kept = lines.filter(line -> !line.trim().startsWith("primary_conninfo")).collect(Collectors.toList());
            }
            Files.write(autoConf, kept, StandardCharsets.UTF_8);
            user.own(autoConf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot edit " + autoConf, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the unfinished " + dir, e);
        }
    }
}
