package io.pvstream.simioc;

import com.cosylab.epics.caj.cas.ProcessVariableEventDispatcher;
import com.cosylab.epics.caj.cas.handlers.AbstractCASResponseHandler;
import gov.aps.jca.Monitor;
import gov.aps.jca.cas.ProcessVariableEventCallback;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.DBR_CTRL_Double;
import gov.aps.jca.dbr.DBR_TIME_Double;
import gov.aps.jca.dbr.Severity;
import gov.aps.jca.dbr.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The server-side PV without a network: what it fills into DBRs and which events it posts. */
class SimProcessVariableTest {

    private final SimProcessVariable pv = new SimProcessVariable("T:PV", DBRType.DOUBLE, 50.0, false,
            PvCatalog.SIMULATED_METADATA, WritePolicy.WRITABLE);
    private final List<DBR> posted = new ArrayList<>();
    private final List<Integer> masks = new ArrayList<>();
    private final ProcessVariableEventCallback monitor = new ProcessVariableEventCallback() {
        @Override
        public void postEvent(int select, DBR event) {
            masks.add(select);
            posted.add(event);
        }

        @Override
        public void canceled() {
        }
    };

    private ProcessVariableEventDispatcher dispatcher() {
        return (ProcessVariableEventDispatcher) pv.getEventCallback();
    }

    @Test
    void readFillsValueAlarmAndCtrlMetadata() throws Exception {
        DBR_CTRL_Double dbr = (DBR_CTRL_Double) AbstractCASResponseHandler.createDBRforReading(pv, (short) 34, 1);

        pv.read(dbr, null);

        assertThat(dbr.getDoubleValue()[0]).isEqualTo(50.0);
        assertThat(dbr.getSeverity()).isEqualTo(Severity.NO_ALARM);
        assertThat(dbr.getStatus()).isEqualTo(Status.NO_ALARM);
        assertThat(dbr.getUnits()).isEqualTo("mA");
        assertThat(dbr.getUpperAlarmLimit().doubleValue()).isEqualTo(95.0);
        assertThat(dbr.getTimeStamp()).isNotNull();
    }

    @Test
    void postsNothingWhileNobodyMonitors() {
        pv.updateScalar(60.0);

        assertThat(posted).isEmpty();
        assertThat(pv.publicValue()).isEqualTo(60.0);
    }

    @Test
    void valueChangeIntoAnAlarmBandPostsValueAndAlarmEvent() {
        dispatcher().registerEventListener(monitor);

        pv.updateScalar(60.0);
        pv.updateScalar(92.0);

        assertThat(masks).containsExactly(Monitor.VALUE | Monitor.LOG,
                Monitor.VALUE | Monitor.LOG | Monitor.ALARM);
        DBR_TIME_Double last = (DBR_TIME_Double) posted.get(1);
        assertThat(last.getDoubleValue()[0]).isEqualTo(92.0);
        assertThat(last.getSeverity()).isEqualTo(Severity.MINOR_ALARM);
        assertThat(last.getStatus()).isEqualTo(Status.HIGH_ALARM);
    }

    @Test
    void postedEventCarriesMetadataForGrAndCtrlMonitors() throws Exception {
        dispatcher().registerEventListener(monitor);
        pv.updateScalar(91.5);
        DBR event = posted.get(0);

        DBR_CTRL_Double ctrl = (DBR_CTRL_Double) event.convert(DBRType.CTRL_DOUBLE);
        assertThat(ctrl.getDoubleValue()[0]).isEqualTo(91.5);
        assertThat(ctrl.getSeverity()).isEqualTo(Severity.MINOR_ALARM);
        assertThat(ctrl.getUnits()).isEqualTo("mA");
        assertThat(ctrl.getLowerAlarmLimit().doubleValue()).isEqualTo(5.0);
        assertThat(ctrl.getUpperCtrlLimit().doubleValue()).isEqualTo(100.0);
        assertThat(((gov.aps.jca.dbr.DBR_GR_Float) event.convert(DBRType.GR_FLOAT)).getUnits()).isEqualTo("mA");
    }

    @Test
    void newMonitorGetsAChangeMadeBetweenItsInitialReadAndItsRegistration() throws Exception {
        // What CAJ does for a new subscription, with a change squeezed in between read and register.
        pv.read(AbstractCASResponseHandler.createDBRforReading(pv, (short) 20, 1), null);
        pv.updateScalar(70.0);
        dispatcher().registerEventListener(monitor);

        assertThat(posted).hasSize(1);
        assertThat(((DBR_TIME_Double) posted.get(0)).getDoubleValue()[0]).isEqualTo(70.0);
    }

    @Test
    void newMonitorGetsNoExtraEventWhenNothingChangedSinceItsRead() throws Exception {
        pv.read(AbstractCASResponseHandler.createDBRforReading(pv, (short) 20, 1), null);
        dispatcher().registerEventListener(monitor);

        assertThat(posted).isEmpty();
    }
}
