package io.pvstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.JobState;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.serde.Serdes;

/** Records written before a schema grew (the files under history/) are still read by the shared serdes. */
class SchemaHistoryTest {

    private static Schema history(String file) throws Exception {
        try (InputStream in = SchemaHistoryTest.class.getResourceAsStream("/io/pvstream/schemas/history/" + file)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] encode(Schema schema, GenericRecord record) throws Exception {
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record).array();
    }

    @Test
    void aPvStateOfTheFirstSchemaReadsWithTheNewFieldsUnset() throws Exception {
        Schema v1 = history("PvState.v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("name", "SIM:A");
        PvState state = Serdes.PV_STATE.deserialize("changelog", encode(v1, old));
        assertThat(state.getName()).isEqualTo("SIM:A");
        assertThat(state.getValueReceivedNs()).isNull();
        assertThat(state.getRemovedNs()).isNull();
        assertThat(state.getStaleSinceNs()).isNull();
    }

    @Test
    void aConnectionOfTheFirstSchemaReadsWithoutError() throws Exception {
        Schema v1 = history("PvConnection.v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("name", "SIM:A");
        old.put("connected", true);
        old.put("sinceNs", 5L);
        PvConnection connection = Serdes.PV_CONNECTION.deserialize(Topics.PV_CONNECTIONS, encode(v1, old));
        assertThat(connection.getConnected()).isTrue();
        assertThat(connection.getError()).isNull();
    }

    @Test
    void aHeartbeatOfTheFirstSchemaReadsWithNoPvErrors() throws Exception {
        Schema v1 = history("IngestHeartbeat.v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("instance", "i1");
        old.put("timestampNs", 1L);
        old.put("intervalMs", 1000L);
        old.put("partitions", new GenericData.Array<>(v1.getField("partitions").schema(), java.util.List.of(0, 1)));
        old.put("pvCount", 3);
        old.put("connectedCount", 2);
        old.put("updatesPerSecond", 1.5);
        old.put("publishedTotal", 10L);
        old.put("coalescedTotal", 0L);
        old.put("publishErrorsTotal", 0L);
        old.put("circuits", new GenericData.Array<>(v1.getField("circuits").schema(), java.util.List.of()));
        IngestHeartbeat beat = Serdes.INGEST_HEARTBEAT.deserialize(Topics.INGEST_HEARTBEATS, encode(v1, old));
        assertThat(beat.getPartitions()).containsExactly(0, 1);
        assertThat(beat.getPvErrorCount()).isZero();
        assertThat(beat.getPvErrors()).isEmpty();
    }

    @Test
    void aJobProgressOfTheFirstSchemaReadsWithNoUnintendedSkips() throws Exception {
        Schema v1 = history("JobProgress.v1.avsc");
        Schema jobSchema = v1.getField("job").schema();
        GenericRecord job = new GenericData.Record(jobSchema);
        job.put("jobId", "j1");
        job.put("snapshotId", "s1");
        job.put("attempt", 1);
        job.put("dryRun", false);
        job.put("total", 2);
        job.put("pvs", new GenericData.Array<>(jobSchema.getField("pvs").schema(), java.util.List.of()));
        job.put("retried", new GenericData.Array<>(jobSchema.getField("retried").schema(), java.util.List.of()));
        job.put("createdNs", 1L);
        job.put("startedNs", 1L);
        job.put("deadlineNs", 2L);
        GenericRecord old = new GenericData.Record(v1);
        old.put("job", job);
        old.put("state", new GenericData.EnumSymbol(v1.getField("state").schema(), "SUCCEEDED"));
        old.put("total", 2);
        old.put("written", 1);
        old.put("verified", 1);
        old.put("failed", 0);
        old.put("skipped", 1);
        old.put("updatedNs", 5L);
        JobProgress progress = Serdes.JOB_PROGRESS.deserialize(Topics.RESTORE_JOB_PROGRESS, encode(v1, old));
        assertThat(progress.getState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(progress.getSkipped()).isEqualTo(1);
        assertThat(progress.getSkippedUnintended()).isZero();
    }
}
