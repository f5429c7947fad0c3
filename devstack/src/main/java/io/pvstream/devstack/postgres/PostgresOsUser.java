package io.pvstream.devstack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating-system user the PostgreSQL processes run as.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root. When this JVM is root, every
 * PostgreSQL command goes through {@code runuser -u postgres --}, the cluster directory is handed
 * to {@code postgres}, and each of its ancestors gets the "others may traverse" bit ({@code o+x},
 * never read or write) if it lacks it: {@code @TempDir} and {@code Files.createTempDirectory} make
 * 0700 root directories, and the server must be able to reach its data directory. Every change
 * of mode is logged. Otherwise the commands run as the JVM's own user and nothing is changed.
 */
final class PostgresOsUser {

    private static final Logger log = LoggerFactory.getLogger(PostgresOsUser.class);
    private static final String POSTGRES = "postgres";

    /** Present only when the JVM is root and has to switch user. */
    private final Optional<UserPrincipal> switchTo;

    private PostgresOsUser(Optional<UserPrincipal> switchTo) {
        this.switchTo = switchTo;
    }

    static PostgresOsUser forThisJvm() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return new PostgresOsUser(Optional.empty());
        }
        try {
            return new PostgresOsUser(Optional.of(FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(POSTGRES)));
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("running as root, but there is no '" + POSTGRES
                    + "' OS user to run PostgreSQL as (install the postgresql package, or run as another user)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up the '" + POSTGRES + "' user", e);
        }
    }

    /** The command line that runs {@code command} as this user. */
    List<String> commandLine(List<String> command) {
        List<String> line = new ArrayList<>();
        if (switchTo.isPresent()) {
            line.addAll(List.of("runuser", "-u", POSTGRES, "--"));
        }
        line.addAll(command);
        return line;
    }

    /** Creates {@code clusterDir} if needed and makes sure the server can reach and write it. */
    void prepareClusterDir(Path clusterDir) {
        try {
            Files.createDirectories(clusterDir);
            if (switchTo.isEmpty()) {
                return;
            }
            Path real = clusterDir.toRealPath();
            Files.setOwner(real, switchTo.get());
            for (Path ancestor = real.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
                allowTraversal(ancestor);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + clusterDir + " for the " + POSTGRES + " user", e);
        }
    }

    /** Files this JVM writes into a data directory must belong to the server, like the rest of it. */
    void own(Path file) {
        if (switchTo.isEmpty()) {
            return;
        }
        try {
            Files.setOwner(file, switchTo.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + file + " to " + POSTGRES, e);
        }
    }

    private static void allowTraversal(Path dir) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
            log.info("adding o+x to {} so that the {} user can reach the PostgreSQL data below it", dir, POSTGRES);
            Files.setPosixFilePermissions(dir, permissions);
        }
    }
}
