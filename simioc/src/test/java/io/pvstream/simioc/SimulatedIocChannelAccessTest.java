package io.pvstream.simioc;

import gov.aps.jca.CAException;
import gov.aps.jca.CAStatus;
import gov.aps.jca.Channel;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.DBR_CTRL_Double;
import gov.aps.jca.dbr.DBR_CTRL_Enum;
import gov.aps.jca.dbr.DBR_TIME_Double;
import gov.aps.jca.dbr.Severity;
import gov.aps.jca.dbr.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Real Channel Access over loopback against one running simulated IOC. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedIocChannelAccessTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private SimulatedIoc ioc;
    private CaTestClient client;

    @BeforeAll
    void startIocAndClient() throws CAException {
        ioc = SimulatedIoc.builder().pvCount(20).updateRateHz(10).setpointCount(3).build().start();
        client = new CaTestClient(ioc.addressList());
    }

    @AfterAll
    void stopIocAndClient() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            ioc.close();
        }
    }

    @Test
    void simulatedPvReadsAsTimeDoubleWithTimestampAndAlarmMatchingItsValue() throws Exception {
        Channel channel = client.connect("SIM:PV00001");
        Instant before = Instant.now();

        DBR_TIME_Double dbr = (DBR_TIME_Double) client.get(channel, DBRType.TIME_DOUBLE);

        double value = dbr.getDoubleValue()[0];
        assertThat(value).isBetween(0.0, 100.0);
        assertThat(new AlarmState(dbr.getSeverity(), dbr.getStatus()))
                .isEqualTo(PvCatalog.SIMULATED_METADATA.alarmFor(value));
        Instant stamp = Instant.ofEpochSecond(dbr.getTimeStamp().secPastEpoch() + 631_152_000L,
                dbr.getTimeStamp().nsec());
        assertThat(Duration.between(stamp, before).abs()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void staticPvStartsWithNoAlarmRatherThanUndefined() throws Exception {
        DBR_TIME_Double dbr = (DBR_TIME_Double) client.get(client.connect("SIM:DOUBLE"), DBRType.TIME_DOUBLE);

        assertThat(dbr.getSeverity()).isEqualTo(Severity.NO_ALARM);
        assertThat(dbr.getStatus()).isEqualTo(Status.NO_ALARM);
        assertThat(dbr.getDoubleValue()[0]).isEqualTo(1.5);
    }

    @Test
    void ctrlDoubleCarriesUnitsPrecisionAndLimits() throws Exception {
        DBR_CTRL_Double ctrl = (DBR_CTRL_Double) client.get(client.connect("SIM:PV00002"), DBRType.CTRL_DOUBLE);

        assertThat(ctrl.getUnits()).isEqualTo("mA");
        assertThat(ctrl.getPrecision()).isEqualTo((short) 3);
        assertThat(ctrl.getLowerDispLimit().doubleValue()).isEqualTo(0.0);
        assertThat(ctrl.getUpperDispLimit().doubleValue()).isEqualTo(100.0);
        assertThat(ctrl.getLowerCtrlLimit().doubleValue()).isEqualTo(0.0);
        assertThat(ctrl.getUpperCtrlLimit().doubleValue()).isEqualTo(100.0);
        assertThat(ctrl.getLowerAlarmLimit().doubleValue()).isEqualTo(5.0);
        assertThat(ctrl.getLowerWarningLimit().doubleValue()).isEqualTo(10.0);
        assertThat(ctrl.getUpperWarningLimit().doubleValue()).isEqualTo(90.0);
        assertThat(ctrl.getUpperAlarmLimit().doubleValue()).isEqualTo(95.0);
    }

    @Test
    void ctrlEnumCarriesLabels() throws Exception {
        DBR_CTRL_Enum ctrl = (DBR_CTRL_Enum) client.get(client.connect("SIM:ENUM"), DBRType.CTRL_ENUM);

        assertThat(ctrl.getLabels()).containsExactly("OFF", "ON", "FAULT");
        assertThat(ctrl.getEnumValue()[0]).isEqualTo((short) 0);
    }

    @Test
    void movingPvSendsMonitorUpdatesWithChangingValues() throws Exception {
        Queue<DBR> events = client.monitor(client.connect("SIM:PV00003"), DBRType.TIME_DOUBLE);

        await().atMost(WAIT).until(() -> events.size() >= 4);
        assertThat(events.stream().map(e -> ((DBR_TIME_Double) e).getDoubleValue()[0]).distinct().count())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void ctrlMonitorOfAMovingPvGetsMetadataWithEveryUpdate() throws Exception {
        Queue<DBR> events = client.monitor(client.connect("SIM:PV00004"), DBRType.CTRL_DOUBLE);

        await().atMost(WAIT).until(() -> events.size() >= 3);
        assertThat(events).allSatisfy(event -> {
            DBR_CTRL_Double ctrl = (DBR_CTRL_Double) event;
            assertThat(ctrl.getUnits()).isEqualTo("mA");
            assertThat(ctrl.getPrecision()).isEqualTo((short) 3);
            assertThat(ctrl.getUpperCtrlLimit().doubleValue()).isEqualTo(100.0);
            assertThat(ctrl.getUpperAlarmLimit().doubleValue()).isEqualTo(95.0);
        });
    }

    @Test
    void putToSetpointCompletesAndReadbackFollows() throws Exception {
        Channel setpoint = client.connect("SIM:SP00001");
        Queue<DBR> readbacks = client.monitor(client.connect("SIM:RB00001"), DBRType.TIME_DOUBLE);

        AtomicReference<CAStatus> completion = client.putWithCallback(setpoint, 12.5);

        await().atMost(WAIT).until(() -> completion.get() != null);
        assertThat(completion.get()).isEqualTo(CAStatus.NORMAL);
        await().atMost(WAIT).until(() -> readbacks.stream()
                .anyMatch(e -> ((DBR_TIME_Double) e).getDoubleValue()[0] == 12.5));
        assertThat(ioc.value("SIM:SP00001")).isEqualTo(12.5);
        assertThat(ioc.value("SIM:RB00001")).isEqualTo(12.5);
        assertThat(ioc.writeCount("SIM:SP00001")).isEqualTo(1);
    }

    @Test
    void readOnlyPvHasNoWriteAccessAndRefusesPuts() throws Exception {
        Channel channel = client.connect("SIM:RO");
        assertThat(channel.getWriteAccess()).isFalse();
        assertThat(channel.getReadAccess()).isTrue();

        // CAJ checks the access rights the server granted and refuses before sending anything.
        assertThatThrownBy(() -> client.putWithCallback(channel, 1.0))
                .isInstanceOf(CAException.class)
                .hasMessageContaining("write access");
        assertThat(ioc.value("SIM:RO")).isEqualTo(42.0);
        assertThat(ioc.writeCount("SIM:RO")).isZero();
    }

    @Test
    void asyncPvCompletesItsPutOnlyAfterTheDelay() throws Exception {
        Channel channel = client.connect("SIM:ASYNC");
        long start = System.nanoTime();

        AtomicReference<CAStatus> completion = client.putWithCallback(channel, 3.0);

        await().atMost(WAIT).until(() -> completion.get() != null);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(SimIocConfig.DEFAULT_ASYNC_PUT_DELAY);
        assertThat(completion.get()).isEqualTo(CAStatus.NORMAL);
        assertThat(ioc.value("SIM:ASYNC")).isEqualTo(3.0);
    }

    @Test
    void unresponsiveIocNeverCompletesPutsUntilItRecovers() throws Exception {
        Channel channel = client.connect("SIM:SP00002");
        ioc.setUnresponsive(true);
        try {
            AtomicReference<CAStatus> stalled = client.putWithCallback(channel, 7.0);

            await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> stalled.get() == null);
            assertThat(ioc.value("SIM:SP00002")).isEqualTo(0.0);
            assertThat(ioc.writeCount("SIM:SP00002")).isEqualTo(1);
        } finally {
            ioc.setUnresponsive(false);
        }
        AtomicReference<CAStatus> recovered = client.putWithCallback(channel, 8.0);
        await().atMost(WAIT).until(() -> recovered.get() != null);
        assertThat(ioc.value("SIM:SP00002")).isEqualTo(8.0);
    }

    @Test
    void setHookPostsAMonitorEventAndSetAlarmChangesSeverity() throws Exception {
        Queue<DBR> events = client.monitor(client.connect("SIM:FLOAT"), DBRType.TIME_DOUBLE);

        ioc.set("SIM:FLOAT", 4.25);
        await().atMost(WAIT).until(() -> events.stream()
                .anyMatch(e -> ((DBR_TIME_Double) e).getDoubleValue()[0] == 4.25));
        ioc.setAlarm("SIM:FLOAT", Severity.MAJOR_ALARM, Status.HW_LIMIT_ALARM);

        await().atMost(WAIT).until(() -> events.stream()
                .anyMatch(e -> ((DBR_TIME_Double) e).getSeverity() == Severity.MAJOR_ALARM));
        DBR_TIME_Double last = (DBR_TIME_Double) events.stream().reduce((a, b) -> b).orElseThrow();
        assertThat(last.getStatus()).isEqualTo(Status.HW_LIMIT_ALARM);
        assertThat(last.getDoubleValue()[0]).isCloseTo(4.25, within(1e-6));
    }
}
