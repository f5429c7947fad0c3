package io.pvstream.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the Debezium connector plugins are: the {@code plugin.path} of a {@link ConnectWorker}.
 *
 * <p>The build unpacks them into {@code connectors/target/connect-plugins} and records that
 * absolute path in the {@code connect-plugins.properties} resource, so any classpath that holds
 * this module finds them, whatever the working directory. The order of precedence:
 * <ol>
 *   <li>the system property {@value #DIR_PROPERTY} (an installation that ships the plugins elsewhere);</li>
 *   <li>the directory recorded by the build, if it still exists;</li>
 *   <li>{@code connectors/target/connect-plugins} under the working directory (the repository root,
 *       where {@code ./pvstream dev} runs).</li>
 * </ol>
 */
public final class ConnectPlugins {

    public static final String DIR_PROPERTY = "pvstream.connect.plugins.dir";
    static final String BUILD_RESOURCE = "connect-plugins.properties";
    static final Path REPO_RELATIVE_DIR = Path.of("connectors", "target", "connect-plugins");

    private ConnectPlugins() {
    }

    /** The plugin directory, or a clear error that says where it was looked for and how to build it. */
    public static Path defaultDir() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty(DIR_PROPERTY)).map(Path::of).ifPresent(candidates::add);
        recordedByBuild().ifPresent(candidates::add);
        candidates.add(REPO_RELATIVE_DIR.toAbsolutePath());
        return candidates.stream()
                .filter(Files::isDirectory)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Kafka Connect plugin directory; looked in "
                        + candidates + ". Build it with: mvn -pl connectors -am install, or set -D"
                        + DIR_PROPERTY + "=<dir>"));
    }

    private static Optional<Path> recordedByBuild() {
        try (InputStream in = ConnectPlugins.class.getClassLoader().getResourceAsStream(BUILD_RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties props = new Properties();
            props.load(in);
            String dir = props.getProperty("connect.plugins.dir", "");
            // unfiltered (e.g. an IDE that copies resources itself) still says ${...}
            return dir.isBlank() || dir.contains("${") ? Optional.empty() : Optional.of(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILD_RESOURCE, e);
        }
    }
}
