package io.pvstream.simioc.pva;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVADoubleArray;
import org.epics.pva.data.PVAInt;
import org.epics.pva.data.PVAString;
import org.epics.pva.data.PVAStructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The simulated pvAccess IOC through a real core-pva client over loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimPvaServerTest {

    private SimPvaServer server;
    private PVAClient client;

    @BeforeAll
    void start() throws Exception {
        server = SimPvaServer.start("T16:", Duration.ofMillis(20)); // before the client: it sends no beacons
        client = new PVAClient();
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    private PVAChannel connected(String name) throws Exception {
        PVAChannel channel = client.getChannel(name);
        assertThat(channel.connect().get(10, TimeUnit.SECONDS)).isTrue();
        return channel;
    }

    @Test
    void servesNormativeTypesWithDisplayAndAlarm() throws Exception {
        assertThat(server.tcpPort()).isPositive();
        PVAStructure dbl = connected("T16:DOUBLE").read("").get(10, TimeUnit.SECONDS);
        assertThat(dbl.getStructureName()).isEqualTo(NtStructures.NT_SCALAR);
        assertThat(dbl.<PVADouble>get("value").get()).isEqualTo(1.5);
        assertThat(dbl.<PVAStructure>get("display").<PVAString>get("units").get()).isEqualTo("mA");
        PVAStructure enumerated = connected("T16:ENUM").read("").get(10, TimeUnit.SECONDS);
        assertThat(enumerated.<PVAStructure>get("value").<PVAInt>get("index").get()).isEqualTo(1);
        PVAStructure wave = connected("T16:WAVE").read("").get(10, TimeUnit.SECONDS);
        assertThat(wave.<PVADoubleArray>get("value").get()).hasSize(8);
    }

    @Test
    void aMonitorSeesSetValuesAndAlarms() throws Exception {
        AtomicReference<PVAStructure> latest = new AtomicReference<>();
        try (AutoCloseable subscription = connected("T16:LONG").subscribe("", (ch, changes, overruns, data) ->
                latest.set(data.cloneData()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> latest.get() != null);
            // One update, as a record process posts it: set then setAlarm were two, and under load core-pva's server
            // sent the second's delta (the alarm) without the first's (the value), see SimPvaServer.process
            server.process("T16:LONG", 42, 2, 3, "HIHI");
            await().atMost(Duration.ofSeconds(10)).until(() -> latest.get() != null
                    && latest.get().<PVAStructure>get("alarm").<PVAString>get("message").get().equals("HIHI"));
            assertThat(latest.get().<PVAInt>get("value").get()).isEqualTo(42);
            assertThat(latest.get().<PVAStructure>get("alarm").<PVAInt>get("severity").get()).isEqualTo(2);
        }
    }

    @Test
    void aPutWithCompletionMovesTheSetpointAndItsReadback() throws Exception {
        connected("T16:SP").write(true, "value", 12.5).get(10, TimeUnit.SECONDS);
        assertThat(((PVADouble) server.value("T16:SP")).get()).isEqualTo(12.5);
        assertThat(server.writeCount("T16:SP")).isEqualTo(1);
        PVAChannel readback = connected("T16:RB");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                readback.read("").get(10, TimeUnit.SECONDS).<PVADouble>get("value").get() == 12.5);
    }

    @Test
    void readOnlyPvsRefuseWrites() throws Exception {
        PVAChannel channel = connected("T16:DOUBLE");
        assertThat(channel.isWritable()).isFalse();
        assertThat(connected("T16:SP").isWritable()).isTrue();
    }
}
