package io.pvstream.simioc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVAInt;
import org.epics.pva.data.PVAIntArray;
import org.epics.pva.data.PVANumber;
import org.epics.pva.data.PVAString;
import org.epics.pva.data.PVAStringArray;
import org.epics.pva.data.PVAStructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import gov.aps.jca.CAStatus;
import gov.aps.jca.Channel;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.DBR_CTRL_Double;
import gov.aps.jca.dbr.DBR_TIME_Double;
import gov.aps.jca.dbr.Severity;
import gov.aps.jca.dbr.Status;
import io.pvstream.simioc.pva.SimPvaServer;

/**
 * One record of the simulated IOC over CA (CAJ client) and over pvAccess (core-pva client) at once: the same value,
 * timestamp, alarm and metadata on both, and a put over either protocol seen on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneRecordOverBothProtocolsTest {

    private static final long EPICS_EPOCH = 631_152_000L;

    private SimulatedIoc ioc;
    private SimPvaServer pva;
    private PVAClient pvaClient;
    private CaTestClient caClient;
    private final Map<String, PVAChannel> pvaChannels = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        ioc = SimulatedIoc.builder().prefix("B16:").pvCount(1).updateRateHz(0).setpointCount(1)
                .readbackLag(Duration.ofMillis(20)).build().start();
        pva = SimPvaServer.start("B16PVA:", Duration.ofMillis(20)); // before the client: it sends no beacons
        pva.serveRecordsOf(ioc, ioc.pvNames());
        pvaClient = new PVAClient();
        caClient = new CaTestClient(ioc.addressList());
    }

    @AfterAll
    void stop() {
        caClient.close();
        pvaClient.close();
        if (pva != null) {
            pva.close();
        }
        ioc.close();
    }

    /** One channel per name (core-pva warns when a client opens a second one to the same PV). */
    private synchronized PVAChannel pvaChannel(String name) throws Exception {
        PVAChannel channel = pvaChannels.computeIfAbsent(name, pvaClient::getChannel);
        assertThat(channel.connect().get(10, TimeUnit.SECONDS)).isTrue();
        return channel;
    }

    private PVAStructure pvaRead(String name) throws Exception {
        return pvaChannel(name).read("").get(10, TimeUnit.SECONDS);
    }

    private static double pvaDouble(PVAStructure data) {
        return ((PVANumber) data.get("value")).getNumber().doubleValue();
    }

    @Test
    void valueTimestampAlarmAndMetadataAreTheRecordsOnBoth() throws Exception {
        String pv = ioc.simulatedPvName(1);
        ioc.set(pv, 92.0); // above HIGH (90): MINOR / HIGH, derived by the record
        DBR_CTRL_Double ctrl = (DBR_CTRL_Double) caClient.get(caClient.connect(pv), DBRType.CTRL_DOUBLE);
        DBR_TIME_Double time = (DBR_TIME_Double) caClient.get(caClient.connect(pv), DBRType.TIME_DOUBLE);
        PVAStructure over = pvaRead(pv);

        assertThat(pvaDouble(over)).isEqualTo(ctrl.getDoubleValue()[0]).isEqualTo(92.0);
        Instant caTime = Instant.ofEpochSecond(time.getTimeStamp().secPastEpoch() + EPICS_EPOCH,
                time.getTimeStamp().nsec());
        PVAStructure stamp = over.get("timeStamp");
        assertThat(Instant.ofEpochSecond(((PVANumber) stamp.get("secondsPastEpoch")).getNumber().longValue(),
                ((PVANumber) stamp.get("nanoseconds")).getNumber().longValue())).isEqualTo(caTime);
        PVAStructure alarm = over.get("alarm");
        assertThat(alarm.<PVAInt>get("severity").get()).isEqualTo(ctrl.getSeverity().getValue()).isEqualTo(1);
        assertThat(alarm.<PVAString>get("message").get()).isEqualTo("HIGH");
        assertThat(alarm.<PVAInt>get("status").get()).as("QSRV's DEVICE").isEqualTo(1);
        PVAStructure display = over.get("display");
        assertThat(display.<PVAString>get("units").get()).isEqualTo(ctrl.getUnits()).isEqualTo("mA");
        assertThat(display.<PVAInt>get("precision").get()).isEqualTo((int) ctrl.getPrecision());
        assertThat(display.<PVADouble>get("limitHigh").get()).isEqualTo(ctrl.getUpperDispLimit().doubleValue());
        assertThat(over.<PVAStructure>get("control").<PVADouble>get("limitHigh").get())
                .isEqualTo(ctrl.getUpperCtrlLimit().doubleValue());
        PVAStructure valueAlarm = over.get("valueAlarm");
        assertThat(valueAlarm.<PVADouble>get("highAlarmLimit").get()).isEqualTo(ctrl.getUpperAlarmLimit().doubleValue());
        assertThat(valueAlarm.<PVADouble>get("lowWarningLimit").get())
                .isEqualTo(ctrl.getLowerWarningLimit().doubleValue());
    }

    @Test
    void anAlarmSetOnTheRecordReachesAPvaMonitor() throws Exception {
        String pv = ioc.pvName("DOUBLE");
        AtomicReference<PVAStructure> latest = new AtomicReference<>();
        try (AutoCloseable subscription = pvaChannel(pv).subscribe("", (ch, changes, overruns, data) ->
                latest.set(data.cloneData()))) {
            ioc.setAlarm(pv, Severity.MAJOR_ALARM, Status.STATE_ALARM);
            await().atMost(Duration.ofSeconds(10)).until(() -> latest.get() != null
                    && latest.get().<PVAStructure>get("alarm").<PVAString>get("message").get().equals("STATE"));
            assertThat(latest.get().<PVAStructure>get("alarm").<PVAInt>get("severity").get()).isEqualTo(2);
        }
        assertThat(ioc.alarm(pv)).isEqualTo(new AlarmState(Severity.MAJOR_ALARM, Status.STATE_ALARM));
    }

    @Test
    void aPutOverPvaIsSeenOverCaAndMovesTheReadback() throws Exception {
        pvaChannel(ioc.setpointName(1)).write(true, "value", 12.5).get(10, TimeUnit.SECONDS);
        assertThat(ioc.value(ioc.setpointName(1))).isEqualTo(12.5);
        Channel readback = caClient.connect(ioc.readbackName(1));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ((DBR_TIME_Double) caClient.get(readback, DBRType.TIME_DOUBLE)).getDoubleValue()[0] == 12.5);
        assertThat(pvaDouble(pvaRead(ioc.readbackName(1)))).isEqualTo(12.5);
        assertThat(ioc.writeCount(ioc.setpointName(1))).isEqualTo(1);
    }

    @Test
    void aPutOverCaIsSeenOverPva() throws Exception {
        String pv = ioc.pvName("FLOAT");
        AtomicReference<CAStatus> done = caClient.putWithCallback(caClient.connect(pv), 4.25);
        await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == CAStatus.NORMAL);
        assertThat(pvaDouble(pvaRead(pv))).isEqualTo(4.25);
    }

    @Test
    void enumsArraysAndStringsKeepTheirShapeAndReadOnlyRecordsRefusePuts() throws Exception {
        ioc.set(ioc.pvName("ENUM"), "FAULT");
        PVAStructure enumerated = pvaRead(ioc.pvName("ENUM"));
        assertThat(enumerated.<PVAStructure>get("value").<PVAInt>get("index").get()).isEqualTo(2);
        assertThat(enumerated.<PVAStructure>get("value").<PVAStringArray>get("choices").get())
                .containsExactly("OFF", "ON", "FAULT");
        pvaChannel(ioc.pvName("ENUM")).write(true, "value.index", 1).get(10, TimeUnit.SECONDS);
        assertThat(ioc.value(ioc.pvName("ENUM"))).isEqualTo((short) 1);

        assertThat(pvaRead(ioc.pvName("LONGWAVE")).<PVAIntArray>get("value").get())
                .isEqualTo((int[]) ioc.value(ioc.pvName("LONGWAVE")));
        assertThat(pvaRead(ioc.pvName("STRWAVE")).<PVAStringArray>get("value").get())
                .containsExactly("alpha", "beta", "gamma", "delta");
        assertThat(pvaRead(ioc.pvName("STRING")).<PVAString>get("value").get()).isEqualTo(ioc.value(ioc.pvName("STRING")));

        PVAChannel readOnly = pvaChannel(ioc.pvName("RO"));
        assertThat(readOnly.isWritable()).isFalse();
        assertThatThrownBy(() -> readOnly.write(true, "value", 1.0).get(10, TimeUnit.SECONDS)).hasMessageContaining("write");
        assertThat(ioc.value(ioc.pvName("RO"))).isEqualTo(42.0);
    }

    /** Last: the pvAccess side goes away, the record lives on over CA. */
    @Test
    @Order(Integer.MAX_VALUE)
    void closingThePvaServerLeavesTheRecordToCa() throws Exception {
        pva.close();
        pva = null;
        ioc.set(ioc.pvName("DOUBLE"), 3.25);
        Channel channel = caClient.connect(ioc.pvName("DOUBLE"));
        assertThat(((DBR_TIME_Double) caClient.get(channel, DBRType.TIME_DOUBLE)).getDoubleValue()[0]).isEqualTo(3.25);
    }
}
