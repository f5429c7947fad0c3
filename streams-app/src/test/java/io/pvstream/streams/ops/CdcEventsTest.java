package io.pvstream.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.OpsCdcRow;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.avro.OpsTransaction;

class CdcEventsTest {

    private final OpsTransaction tx = OpsTestRecords.configurationTx("c-1", "t-1", 1L, "SR:BPM/1");
    private final OpsRow configuration = tx.getRows().get(0);
    private final OpsRow pv = tx.getRows().get(1);

    @Test
    void insertBecomesARowKeyedByEntityWithItsLsn() {
        OpsCdcRow row = parse(OpsTestRecords.cdcEvent(pv, "c", 3_000L, 1_700_000_000_555L)).orElseThrow();

        assertThat(row.getTable()).isEqualTo("configuration_pv");
        assertThat(row.getRowKey()).isEqualTo("configuration_pv/c-1/SR:BPM/1").isEqualTo(RowKeys.of(pv));
        assertThat(row.getTxId()).isEqualTo("t-1");
        assertThat(row.getEntityId()).isEqualTo("c-1");
        assertThat(row.getOp()).isEqualTo("c");
        assertThat(row.getLsn()).isEqualTo(3_000L);
        assertThat(row.getSeenNs()).isEqualTo(1_700_000_000_555_000_000L);
        assertThat(CdcEvents.byEntity(null, bytes(OpsTestRecords.cdcEvent(pv, "u", 1L, 1L))))
                .singleElement().satisfies(kv -> assertThat(kv.key).isEqualTo("c-1"));
    }

    @Test
    void snapshotReadsAreRowsToo() {
        // Whether they confirm anything is for the pending store to say: old rows have no pending entry.
        assertThat(parse(OpsTestRecords.cdcEvent(configuration, "r", 5L, 1L))).get()
                .satisfies(row -> assertThat(row.getRowKey()).isEqualTo("configuration/c-1"));
    }

    @Test
    void finestTimestampWins() {
        String event = OpsTestRecords.cdcEvent(configuration, "c", 5L, 1_000L)
                .replace("\"ts_ms\":1000,\"transaction\"", "\"ts_ms\":1000,\"ts_us\":1000001,\"ts_ns\":1000001002,\"transaction\"");

        assertThat(parse(event).orElseThrow().getSeenNs()).isEqualTo(1_000_001_002L);
    }

    @Test
    void envelopeWithSchemaIsUnwrapped() {
        String event = "{\"schema\":{\"type\":\"struct\"},\"payload\":"
                + OpsTestRecords.cdcEvent(configuration, "c", 5L, 1L) + "}";

        assertThat(parse(event)).isPresent();
    }

    @Test
    void nothingComesOfEventsThatCannotConfirm() {
        String delete = "{\"before\":{\"id\":\"c-1\"},\"after\":null,\"source\":{\"table\":\"configuration\",\"lsn\":9},"
                + "\"op\":\"d\",\"ts_ms\":1}";
        String otherTable = OpsTestRecords.cdcEvent(configuration, "c", 5L, 1L).replace("\"table\":\"configuration\"",
                "\"table\":\"not_an_ops_table\"");
        String noTxId = OpsTestRecords.cdcEvent(configuration, "c", 5L, 1L).replace("\"tx_id\":\"t-1\"", "\"tx_id\":null");
        String noPrimaryKey = OpsTestRecords.cdcEvent(configuration, "c", 5L, 1L).replace("\"id\":\"c-1\",", "");

        assertThat(CdcEvents.parse(null)).isEmpty();
        assertThat(parse(delete)).isEmpty();
        assertThat(parse(otherTable)).isEmpty();
        assertThat(parse(noTxId)).isEmpty();
        assertThat(parse(noPrimaryKey)).isEmpty();
        assertThat(parse("not json {")).isEmpty();
        assertThat(parse("[1,2]")).isEmpty();
        assertThat(CdcEvents.byEntity(null, bytes(delete))).isEmpty();
    }

    @Test
    void missingLsnIsNull() {
        String event = OpsTestRecords.cdcEvent(configuration, "c", 5L, 1L).replace("\"lsn\":5", "\"lsn\":null");

        assertThat(parse(event).orElseThrow().getLsn()).isNull();
    }

    private static Optional<OpsCdcRow> parse(String json) {
        return CdcEvents.parse(bytes(json));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theCommitLsnFromTransactionMetadataWinsOverTheRowChangeLsn() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var withMetadata = json.readTree("{\"source\":{\"lsn\":100},\"transaction\":{\"id\":\"771:250\"}}");
        var without = json.readTree("{\"source\":{\"lsn\":100}}");
        var garbled = json.readTree("{\"source\":{\"lsn\":100},\"transaction\":{\"id\":\"771:x\"}}");
        org.assertj.core.api.Assertions.assertThat(CdcEvents.commitLsn(withMetadata)).isEqualTo(250L);
        org.assertj.core.api.Assertions.assertThat(CdcEvents.commitLsn(without)).isEqualTo(100L);
        org.assertj.core.api.Assertions.assertThat(CdcEvents.commitLsn(garbled)).isEqualTo(100L);
    }
}
