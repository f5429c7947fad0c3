package io.pvstream.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectWorkerMainTest {

    @Test
    void argumentsAreKeyValuePairs() {
        assertThat(ConnectWorkerMain.keyValues(new String[] {"bootstrap.servers=127.0.0.1:9092", "listeners=http://127.0.0.1:0"}))
                .containsOnlyKeys("bootstrap.servers", "listeners")
                .containsEntry("listeners", "http://127.0.0.1:0");
    }

    @Test
    void anArgumentWithoutValueIsRejected() {
        assertThatThrownBy(() -> ConnectWorkerMain.keyValues(new String[] {"group.id"}))
                .hasMessageContaining("key=value: group.id");
    }
}
