package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The image tarballs {@code ./pvstream images} builds (Jib, Docker archive format). Building them takes minutes on
 * this machine, too long for every test run, so this checks tarballs that exist and is skipped otherwise: the image
 * configuration (entrypoint, user, port), that the layers hold our classes and jars and a JRE, and, as root with
 * {@code unshare}, that each image's file system really runs: its entrypoint in a PID and mount namespace with its
 * own /proc, chrooted into the unpacked layers, as the image's user.
 */
class ImageTarballsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
            "ingest, io.pvstream.ingest.IngestMain, 9400, app/classes/io/pvstream/ingest/IngestMain.class",
            "query-api, io.pvstream.query.QueryApiMain, 8080, app/classes/io/pvstream/query/QueryApiMain.class",
            "connectors, io.pvstream.connectors.ConnectWorkerMain, 8083, "
                    + "opt/pvstream/connect-plugins/debezium-connector-postgres/"})
    void imageConfigurationAndLayers(String module, String mainClass, int port, String ownFile) throws Exception {
        Image image = unpack(module);

        JsonNode config = image.config().get("config");
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        assertThat(entrypoint).startsWith("java").endsWith(mainClass)
                .contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.pvstream");
        assertThat(config.get("User").asText()).isEqualTo("10001:10001");
        assertThat(config.get("ExposedPorts").has(port + "/tcp")).isTrue();

        List<String> files = image.files();
        assertThat(files).anyMatch(file -> file.startsWith(ownFile));
        assertThat(files).anyMatch(file -> file.matches("app/libs/schemas-.*\\.jar"));
        assertThat(files).contains("opt/java/openjdk/bin/java", "etc/passwd");
    }

    /** Each service checks the cluster before anything else: a run that gets that far has a working image. */
    @ParameterizedTest
    @ValueSource(strings = {"ingest", "query-api", "connectors"})
    void imageRunsAndRefusesAClusterTooSmallForItsReplicationFactor(String module) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare")),
                "running an image's file system needs root and unshare");
        Image image = unpack(module);
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("proc"));
        for (Path layer : image.layers()) {
            run(List.of("tar", "-xzf", layer.toString(), "-C", rootfs.toString()), Map.of(), 120);
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            Map<String, String> env = new TreeMap<>();
            image.config().get("config").get("Env").forEach(pair -> {
                String[] kv = pair.asText().split("=", 2);
                env.put(kv[0], kv[1]);
            });
            env.put("PVSTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("PVSTREAM_TOPIC_REPLICATION", "3");
            List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child",
                    "--mount-proc=" + rootfs.resolve("proc"), "chroot", "--userspec=10001:10001", rootfs.toString()));
            image.config().get("config").get("Entrypoint").forEach(arg -> command.add(arg.asText()));

            Run result = run(command, env, 90);

            assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
            assertThat(result.output()).contains("refusing to start", "has 1 broker, fewer than topic.replication=3")
                    .doesNotContain("No SLF4J providers"); // the services log, in their images too
        }
    }

    private record Image(JsonNode config, List<Path> layers, List<String> files) {
    }

    /** Unpacks {@code <module>/target/image/<module>.tar} (skips the test when it was not built). */
    private Image unpack(String module) throws Exception {
        Path tarball = Path.of("..", module, "target", "image", module + ".tar");
        assumeTrue(Files.isRegularFile(tarball), tarball + " not built: run ./pvstream images first");
        Path unpacked = Files.createDirectories(dir.resolve(module));
        run(List.of("tar", "-xf", tarball.toString(), "-C", unpacked.toString()), Map.of(), 120);
        JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
        assertThat(manifest.get("RepoTags").get(0).asText()).startsWith("pvstream/" + module + ":");
        JsonNode config = JSON.readTree(unpacked.resolve(manifest.get("Config").asText()).toFile());
        List<Path> layers = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (JsonNode layer : manifest.get("Layers")) {
            Path file = unpacked.resolve(layer.asText());
            layers.add(file);
            files.addAll(run(List.of("tar", "-tzf", file.toString()), Map.of(), 60).output().lines()
                    .map(name -> name.startsWith("./") ? name.substring(2) : name)
                    .map(name -> name.startsWith("/") ? name.substring(1) : name).toList());
        }
        return new Image(config, layers, files);
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(List<String> command, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (!env.isEmpty()) {
            builder.environment().clear();
            builder.environment().putAll(env);
        }
        Path output = Files.createTempFile(dir, "run", ".out");
        Process process = builder.redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as(String.join(" ", command) + " finished").isTrue();
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
