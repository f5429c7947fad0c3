package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.javalin.Javalin;
import io.pvstream.records.keys.AuditLog;
import io.pvstream.query.security.SecurityApi;
import io.pvstream.query.security.SecurityConfig;
import io.pvstream.query.security.Tls;

/**
 * HTTPS by configuration: a self-signed PKCS12 keystore made here with the JDK's keytool, the API served over TLS
 * only, and the client side instances use to ask each other trusting that certificate.
 */
class SecuredTlsTest {

    private static final String PASSWORD = "keystore-password-of-the-tls-test";

    private final SecuredApiSupport support = new SecuredApiSupport();
    private Javalin app;

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        if (app != null) {
            app.stop();
        }
        support.close();
    }

    @Test
    void theApiIsServedOverHttpsOnlyWithTheConfiguredKeystore() throws Exception {
        Path keystore = selfSignedKeystore();
        SecurityConfig.Settings plain = SecuredApiSupport.settings(true, 1_000);
        SecurityConfig.Settings tls = new SecurityConfig.Settings(plain.enabled(), plain.readsOpen(),
                plain.bootstrapAdminKey(), plain.internalToken(), plain.maxFailures(), plain.failureWindow(),
                plain.trackedAddresses(), keystore, new Password(PASSWORD));
        app = support.app(support.security(tls, (cursor, limit) -> new AuditLog.Page(List.of(), null),
                new SecurityApi.Listen("127.0.0.1", 0))).start();
        int port = app.port();
        assertThat(port).isPositive();

        HttpClient https = HttpClient.newBuilder().sslContext(Tls.peerContext(keystore, new Password(PASSWORD)))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> read = https.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/api/v1/pvs?limit=1")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.sslSession()).isPresent();
        HttpResponse<String> write = https.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/api/v1/tags"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(write.statusCode()).as("keys are still needed over TLS").isEqualTo(401);

        HttpClient plainClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> {
            HttpResponse<String> answer = plainClient.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/pvs?limit=1")).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            // Jetty may answer plain text on a TLS port with a 400 instead of closing: still no API answer
            if (answer.statusCode() == 400) {
                throw new IOException("refused: " + answer.statusCode());
            }
        }).as("plain HTTP is not served").isInstanceOf(IOException.class);
    }

    private Path selfSignedKeystore() throws Exception {
        Path keystore = dir.resolve("query-api.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "query-api",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();
        return keystore;
    }
}
