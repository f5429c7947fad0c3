package io.pvstream.ingest.pva;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.Severity;

class NtAlarmsTest {

    @Test
    void severitiesAreTheSameNumbersAndUnknownOnesInvalid() {
        assertThat(NtAlarms.severity(0)).isEqualTo(Severity.NO_ALARM);
        assertThat(NtAlarms.severity(2)).isEqualTo(Severity.MAJOR);
        assertThat(NtAlarms.severity(3)).isEqualTo(Severity.INVALID);
        assertThat(NtAlarms.severity(4)).isEqualTo(Severity.INVALID);
        assertThat(NtAlarms.severity(-1)).isEqualTo(Severity.INVALID);
    }

    @Test
    void theCaConditionNameInTheMessageWinsOverTheNtStatusCode() {
        // QSRV: HIHI on a record is status 3 (RECORD) with message "HIHI"
        assertThat(NtAlarms.status(Severity.MAJOR, 3, "HIHI")).isEqualTo(AlarmStatus.HIHI);
        assertThat(NtAlarms.status(Severity.MINOR, 3, "STATE")).isEqualTo(AlarmStatus.STATE);
        assertThat(NtAlarms.status(Severity.INVALID, 1, "COMM")).isEqualTo(AlarmStatus.COMM);
        assertThat(NtAlarms.status(Severity.NO_ALARM, 0, "NO_ALARM")).isEqualTo(AlarmStatus.NO_ALARM);
    }

    @Test
    void withoutAConditionNameTheSeverityAndCodeDecide() {
        assertThat(NtAlarms.status(Severity.NO_ALARM, 0, "")).isEqualTo(AlarmStatus.NO_ALARM);
        assertThat(NtAlarms.status(Severity.NO_ALARM, 0, null)).isEqualTo(AlarmStatus.NO_ALARM);
        assertThat(NtAlarms.status(Severity.INVALID, 6, "")).isEqualTo(AlarmStatus.UDF);
        assertThat(NtAlarms.status(Severity.MINOR, 2, "beam dump requested")).isEqualTo(AlarmStatus.SOFT);
    }
}
