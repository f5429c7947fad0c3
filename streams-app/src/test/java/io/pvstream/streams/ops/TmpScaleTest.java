package io.pvstream.streams.ops;

import org.junit.jupiter.api.Test;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.schemas.serde.Serdes;

class TmpScaleTest {
    @Test
    void scale() {
        for (int n : new int[] {100, 1000, 5000, 20000}) {
            String[] pvs = new String[n]; for (int i = 0; i < n; i++) pvs[i] = "SR:C01:BPM" + i + ":X";
            OpsTransaction tx = OpsTestRecords.configurationTx("0f8e4c2a-1b7d-4e55-9a0e-3c4d5e6f7a8b", "1f8e4c2a-1b7d-4e55-9a0e-3c4d5e6f7a8b", 1L, pvs);
            java.util.List<String> keys = new java.util.ArrayList<>(PendingEntries.expectedRows(tx));
            for (int rep = 0; rep < 2; rep++) {
                PendingTransaction e = PendingEntries.buffered(tx);
                long bytes = 0;
                long t0 = System.nanoTime();
                for (String k : keys) {
                    byte[] stored = Serdes.PENDING_TRANSACTION.serialize("t", e);
                    e = Serdes.PENDING_TRANSACTION.deserialize("t", stored);
                    var r = PendingEntries.onRowSeen(e, k, 1L, 1L);
                    e = r instanceof PendingEntries.RowSeen.Progress p ? p.entry() : ((PendingEntries.RowSeen.Committed) r).entry();
                    byte[] out = Serdes.PENDING_TRANSACTION.serialize("t", e);
                    bytes += out.length;
                }
                long t1 = System.nanoTime();
                System.out.printf("SCALE rows=%d total=%d ms (%.1f us/row) changelog=%d MB state=%s%n", n, (t1 - t0) / 1_000_000, (t1 - t0) / 1000.0 / keys.size(), bytes >> 20, e.getState());
            }
        }
    }
}
