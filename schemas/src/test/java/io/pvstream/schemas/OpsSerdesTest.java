package io.pvstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.ConfirmOutcome;
import io.pvstream.schemas.avro.OpsCdcRow;
import io.pvstream.schemas.avro.OpsConfirmation;
import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.schemas.avro.ReplicaLsn;
import io.pvstream.schemas.serde.Serdes;

class OpsSerdesTest {

    private static final OpsTransaction TX = OpsTransaction.newBuilder().setTxId("tx-1").setEntityType("tag")
            .setEntityId("e-1").setOperation(OpsOperation.CREATE).setBufferedNs(1L).setEntityJson("{}")
            .setRows(List.of(new OpsRow("tag", Map.of("id", "e-1", "deleted", false, "updated_at", 5L))))
            .build();

    @Test
    void operationsRecordsRoundTrip() {
        PendingTransaction pending = PendingTransaction.newBuilder().setTx(TX).setState(PendingState.COMMITTED)
                .setSeenRows(List.of("tag/e-1")).setLsn(42L).setCommittedNs(2L).build();
        OpsConfirmation confirmation = new OpsConfirmation("tx-1", "e-1", ConfirmOutcome.REPLICATED, 1L, 3L, 42L);
        ReplicaLsn replica = new ReplicaLsn("127.0.0.1:5433", 40L, 44L, 4L);
        OpsCdcRow row = new OpsCdcRow("tag", "tag/e-1", "tx-1", "e-1", "c", 42L, null);

        assertThat(Serdes.OPS_TRANSACTION.deserialize("t", Serdes.OPS_TRANSACTION.serialize("t", TX))).isEqualTo(TX);
        assertThat(Serdes.PENDING_TRANSACTION.deserialize("t", Serdes.PENDING_TRANSACTION.serialize("t", pending)))
                .isEqualTo(pending);
        assertThat(Serdes.OPS_CONFIRMATION.deserialize("t", Serdes.OPS_CONFIRMATION.serialize("t", confirmation)))
                .isEqualTo(confirmation);
        assertThat(Serdes.REPLICA_LSN.deserialize("t", Serdes.REPLICA_LSN.serialize("t", replica))).isEqualTo(replica);
        assertThat(Serdes.OPS_CDC_ROW.deserialize("t", Serdes.OPS_CDC_ROW.serialize("t", row))).isEqualTo(row);
    }
}
