package io.pvstream.query.ws;

import java.util.List;

import io.pvstream.query.pv.PvView;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvState;

/**
 * One PV's change as a client sees it, under the field names of the REST view ({@link PvView}), so a client
 * can merge a diff into the PV it got in the snapshot. On the wire only the parts that changed are sent (see
 * {@link ServerMessages#encode(DiffView)}); the previous state is left out: the client has it.
 *
 * @param changes the rules that fired on the server (FIRST, VALUE, SEVERITY, STATUS, CONNECTION) since the
 *                previous diff of the PV this client got: diffs coalesced into one keep all their rules
 */
public record DiffView(String name, List<String> changes, Object value, String timestamp, Long timestampNs,
                       String severity, String status, Boolean connected) {

    public static DiffView of(PvDiff diff) {
        // Through PvView, so values (enums, arrays, NaN) and timestamps look exactly as in REST answers.
        PvView view = PvView.of(new PvState(diff.getName(), diff.getCurrent().getValue(), null,
                diff.getCurrent().getConnection(), null, null, null));
        return new DiffView(view.name(), diff.getChanges().stream().map(PvChange::name).toList(), view.value(),
                view.timestamp(), view.timestampNs(), view.severity(), view.status(), view.connected());
    }
}
