package io.pvstream.simioc;

import gov.aps.jca.Channel;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.DBR_TIME_Double;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Start, stop, restart and several IOCs in one JVM, seen through real CA clients. */
class SimulatedIocLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void stopDisconnectsClientsAndRestartOnTheSamePortReconnectsThem() throws Exception {
        try (SimulatedIoc ioc = SimulatedIoc.builder().pvCount(10).updateRateHz(0).build().start();
             CaTestClient client = new CaTestClient(ioc.addressList())) {
            int port = ioc.port();
            AtomicReference<Boolean> connected = new AtomicReference<>(false);
            client.watch("SIM:DOUBLE", connected);
            await().atMost(WAIT).until(connected::get);

            ioc.stop();
            assertThat(ioc.isRunning()).isFalse();
            await().atMost(WAIT).until(() -> !connected.get());

            ioc.set("SIM:DOUBLE", 6.5); // state survives the restart
            ioc.start();
            assertThat(ioc.port()).isEqualTo(port);
            await().atMost(WAIT).until(connected::get);
            Channel channel = client.connect("SIM:DOUBLE");
            assertThat(((DBR_TIME_Double) client.get(channel, DBRType.TIME_DOUBLE)).getDoubleValue()[0])
                    .isEqualTo(6.5);
            // monitors work again after the restart (the PV's dispatcher outlives the old server context)
            Queue<DBR> events = client.monitor(channel, DBRType.TIME_DOUBLE);
            ioc.set("SIM:DOUBLE", 7.5);
            await().atMost(WAIT).until(() -> events.stream()
                    .anyMatch(e -> ((DBR_TIME_Double) e).getDoubleValue()[0] == 7.5));
        }
    }

    @Test
    void twoIocsInOneJvmServeDifferentPortsAndPrefixes() throws Exception {
        try (SimulatedIoc first = SimulatedIoc.builder().pvCount(3).updateRateHz(0).build().start();
             SimulatedIoc second = SimulatedIoc.builder().prefix("OTHER:").pvCount(3).updateRateHz(0).build().start();
             CaTestClient firstClient = new CaTestClient(first.addressList());
             CaTestClient secondClient = new CaTestClient(second.addressList())) {
            assertThat(first.port()).isNotEqualTo(second.port()).isPositive();
            first.set("SIM:DOUBLE", 1.0);
            second.set("OTHER:DOUBLE", 2.0);

            DBR_TIME_Double fromFirst = (DBR_TIME_Double) firstClient.get(
                    firstClient.connect("SIM:DOUBLE"), DBRType.TIME_DOUBLE);
            DBR_TIME_Double fromSecond = (DBR_TIME_Double) secondClient.get(
                    secondClient.connect("OTHER:DOUBLE"), DBRType.TIME_DOUBLE);

            assertThat(fromFirst.getDoubleValue()[0]).isEqualTo(1.0);
            assertThat(fromSecond.getDoubleValue()[0]).isEqualTo(2.0);
            assertThat(second.pvNames()).contains("OTHER:PV00001").noneMatch(name -> name.startsWith("SIM:"));
        }
    }

    @Test
    void startingOnAPortAnotherIocHoldsFails() {
        try (SimulatedIoc first = SimulatedIoc.builder().pvCount(1).updateRateHz(0).build().start();
             SimulatedIoc second = SimulatedIoc.builder().port(first.port()).pvCount(1).updateRateHz(0).build()) {
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(first.port()));
            assertThat(second.isRunning()).isFalse();
        }
    }

    @Test
    void namesAreZeroPaddedToAtLeastFiveDigits() {
        SimulatedIoc small = SimulatedIoc.builder().pvCount(2).setpointCount(1).build();
        SimulatedIoc large = SimulatedIoc.builder().pvCount(123_456).setpointCount(0).updateRateHz(0).build();

        assertThat(small.pvNames()).startsWith("SIM:PV00001", "SIM:PV00002")
                .contains("SIM:DOUBLE", "SIM:FLOAT", "SIM:LONG", "SIM:SHORT", "SIM:BYTE", "SIM:ENUM",
                        "SIM:STRING", "SIM:WAVE", "SIM:LONGWAVE", "SIM:STRWAVE", "SIM:SP00001", "SIM:RB00001",
                        "SIM:RO", "SIM:ASYNC");
        assertThat(small.readbackName(1)).isEqualTo("SIM:RB00001");
        assertThat(large.simulatedPvName(7)).isEqualTo("SIM:PV000007");
        assertThat(large.pvNames()).hasSize(123_456 + 12);
    }
}
