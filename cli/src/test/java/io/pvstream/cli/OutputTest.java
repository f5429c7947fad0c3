package io.pvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OutputTest {

    @Test
    void aTableAlignsColumnsAndShowsMissingAsADash() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output output = new Output(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        output.table(ApiClient.JSON.readTree("[{\"name\":\"A:LONG:NAME\",\"value\":1.5,\"counts\":{\"ok\":2}},"
                + "{\"name\":\"B\",\"value\":null}]"), "name", "value", "counts/ok");
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "NAME         VALUE  OK",
                "A:LONG:NAME  1.5    2",
                "B            -      -");
    }

    @Test
    void theProgressBarCountsDonePvs() throws Exception {
        assertThat(RestoreProgress.bar(ApiClient.JSON.readTree(
                "{\"total\":10,\"pending\":4,\"written\":5,\"verified\":5,\"failed\":1,\"state\":\"RUNNING\"}")))
                .isEqualTo("[##################------------] 60% 6/10 written 5 verified 5 failed 1 RUNNING");
        assertThat(RestoreProgress.bar(ApiClient.JSON.readTree("{\"total\":0,\"state\":\"SUCCEEDED\"}")))
                .startsWith("[##############################] 100% 0/0");
    }

    @Test
    void usageErrorsExitWithTwoAndUnreachableApisWithOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(PvstreamCli.run(new String[] {"snapshot", "save"}, Map.of(), out, errors)).isEqualTo(2);
        assertThat(PvstreamCli.run(new String[] {"snapshot", "--help"}, Map.of(), out, errors)).isZero();
        assertThat(PvstreamCli.run(new String[] {"get", "X"}, Map.of("PVSTREAM_URL", "http://127.0.0.1:1"), out, errors))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach http://127.0.0.1:1");
    }
}
