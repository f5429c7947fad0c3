package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import io.pvstream.connectors.ConnectConfig;
import io.pvstream.ingest.IngestConfig;
import io.pvstream.query.QueryApiConfig;
import io.pvstream.schemas.config.ConfigLoader;

/**
 * compose/docker-compose.yml as docker-compose resolves it (no daemon needed: {@code docker-compose config}, which
 * {@code ./pvstream test} installs), with the committed {@code *.env.example} files as the env files: valid, the
 * shape issue 17 asks for, secrets only from env files, and every {@code PVSTREAM_*} variable a key the service has.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "compose");
    private static final Set<String> PVSTREAM_SERVICES = Set.of("connect-1", "connect-2", "ingest-1", "ingest-2",
            "query-api-1", "query-api-2");

    @TempDir
    Path dir;

    @Test
    void validWithTheExampleEnvFilesAndInvalidWithoutThem() throws Exception {
        copyCompose(false);
        assertThat(compose("config", "-q").exitCode).as("without the env files").isNotZero();

        copyCompose(true);
        Result valid = compose("config", "-q");
        assertThat(valid.exitCode).as(valid.output).isZero();
    }

    @Test
    void productionShape() throws Exception {
        Map<String, Map<String, Object>> services = resolvedServices();

        assertThat(services.keySet()).containsExactlyInAnyOrder("kafka-1", "kafka-2", "kafka-3", "postgres-primary",
                "postgres-replica", "connect-1", "connect-2", "ingest-1", "ingest-2", "query-api-1", "query-api-2");
        services.forEach((name, service) -> assertThat(service).as(name + " has a healthcheck").containsKey("healthcheck"));
        for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
            assertThat(env(services, broker))
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("KAFKA_NODE_ID", broker.substring("kafka-".length()));
            assertThat(String.valueOf(services.get(broker).get("image"))).startsWith("apache/kafka:");
        }
        for (String service : PVSTREAM_SERVICES) {
            assertThat(env(services, service)).as(service)
                    .containsEntry("PVSTREAM_TOPIC_REPLICATION", "3")
                    .containsEntry("PVSTREAM_TOPIC_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("PVSTREAM_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092,kafka-3:9092");
        }
        // one distributed Connect cluster: same group, each worker reachable by the others under its own name
        assertThat(env(services, "connect-1").get("PVSTREAM_CONNECT_GROUP_ID"))
                .isEqualTo(env(services, "connect-2").get("PVSTREAM_CONNECT_GROUP_ID"));
        assertThat(env(services, "connect-2")).containsEntry("PVSTREAM_CONNECT_REST_ADVERTISED_HOST", "connect-2");
        assertThat(String.valueOf(services.get("postgres-primary").get("command"))).contains("wal_level=logical");
        assertThat(env(services, "query-api-1"))
                .containsEntry("PVSTREAM_OPS_REPLICA_JDBC_URL", "jdbc:postgresql://postgres-replica:5432/pvstream");
    }

    @Test
    void publishedPortsBindLoopbackOnly() throws Exception {
        resolvedServices().forEach((name, service) -> {
            @SuppressWarnings("unchecked")
            List<Object> ports = (List<Object>) service.getOrDefault("ports", List.of());
            ports.forEach(port -> assertThat(String.valueOf(port)).as(name).startsWith("127.0.0.1:"));
        });
    }

    /** Secrets live in the git-ignored env files: the committed compose file names none. */
    @Test
    void secretsComeOnlyFromEnvFiles() throws Exception {
        Map<String, Object> raw = new Yaml().load(Files.readString(COMPOSE.resolve("docker-compose.yml")));
        String text = Files.readString(COMPOSE.resolve("docker-compose.yml"));
        assertThat(raw).containsKey("services");
        assertThat(text).doesNotContain("PASSWORD:", "ADMIN_KEY:", "INTERNAL_TOKEN:", "CLUSTER_ID:");
        assertThat(Files.readString(COMPOSE.resolve(".gitignore"))).contains("*.env");
        Map<String, Map<String, Object>> services = resolvedServices();
        assertThat(env(services, "query-api-1")).containsKeys("PVSTREAM_SECURITY_BOOTSTRAP_ADMIN_KEY",
                "PVSTREAM_SECURITY_INTERNAL_TOKEN", "PVSTREAM_OPS_JDBC_PASSWORD");
        assertThat(env(services, "connect-1")).containsKey("PVSTREAM_OPS_JDBC_PASSWORD");
        assertThat(env(services, "ingest-1")).doesNotContainKeys("PVSTREAM_OPS_JDBC_PASSWORD",
                "PVSTREAM_SECURITY_BOOTSTRAP_ADMIN_KEY");
    }

    /** A misspelt variable would be ignored silently by the service: each must name one of its config keys. */
    @Test
    void everyPvstreamVariableIsAKeyOfItsService() throws Exception {
        Map<String, Map<String, Object>> services = resolvedServices();
        for (String service : PVSTREAM_SERVICES) {
            ConfigDef definition = service.startsWith("connect") ? ConnectConfig.DEFINITION
                    : service.startsWith("ingest") ? IngestConfig.DEFINITION : QueryApiConfig.DEFINITION;
            env(services, service).keySet().stream()
                    .filter(name -> name.startsWith(ConfigLoader.ENV_PREFIX))
                    .forEach(name -> assertThat(definition.names()).as(service + ": " + name)
                            .contains(name.substring(ConfigLoader.ENV_PREFIX.length()).toLowerCase(Locale.ROOT)
                                    .replace('_', '.')));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> resolvedServices() throws Exception {
        copyCompose(true);
        Result resolved = compose("config");
        assertThat(resolved.exitCode).as(resolved.output).isZero();
        Map<String, Object> config = new Yaml().load(resolved.output);
        return (Map<String, Map<String, Object>>) config.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> env(Map<String, Map<String, Object>> services, String service) {
        Map<String, Object> environment = (Map<String, Object>) services.get(service).get("environment");
        Map<String, String> values = new java.util.TreeMap<>();
        environment.forEach((key, value) -> values.put(key, String.valueOf(value)));
        return values;
    }

    /** The compose directory in a temp dir, with each {@code X.env.example} as {@code X.env} if asked. */
    private void copyCompose(boolean withEnvFiles) throws IOException {
        try (Stream<Path> files = Files.walk(COMPOSE)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(COMPOSE.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().endsWith(".env")) { // never a developer's real secrets
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> examples = Files.list(dir)) {
            for (Path example : examples.filter(f -> f.toString().endsWith(".env.example")).toList()) {
                Path env = dir.resolve(example.getFileName().toString().replace(".env.example", ".env"));
                if (withEnvFiles) {
                    Files.copy(example, env, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(env);
                }
            }
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result compose(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("docker-compose", "-f",
                dir.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        Path errors = dir.resolve("compose.err");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.to(errors.toFile())).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose finished").isTrue();
        // stdout is the resolved file; the errors go with it into the assertion message only when it failed
        return new Result(process.exitValue(), process.exitValue() == 0 ? output : output + Files.readString(errors));
    }
}
