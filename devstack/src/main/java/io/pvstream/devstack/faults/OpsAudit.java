package io.pvstream.devstack.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches the writes a run sent with the rows PostgreSQL holds: an acknowledged write is lost if its id has no
 * row written by its transaction; a name (chosen before sending) with more than one row is duplicated.
 */
final class OpsAudit {

    /** @param unacknowledgedLanded writes that got no 201 but were applied all the same (allowed: "may still be applied") */
    record Result(int acknowledged, int lost, int duplicated, int unacknowledgedLanded) {
    }

    private OpsAudit() {
    }

    static Result of(List<OpsWriteLoad.Outcome> outcomes, String run, String jdbcUrl, String user, String password)
            throws SQLException {
        Map<String, Integer> rowsByName = new HashMap<>();
        Map<String, String> txById = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement q = c.prepareStatement("SELECT id, tx_id, name FROM tag WHERE name LIKE ?")) {
            q.setString(1, run + "-%");
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    txById.put(rs.getString(1), rs.getString(2));
                    rowsByName.merge(rs.getString(3), 1, Integer::sum);
                }
            }
        }
        int acknowledged = 0;
        int lost = 0;
        int landedAnyway = 0;
        for (OpsWriteLoad.Outcome outcome : outcomes) {
            if (outcome.acknowledged()) {
                acknowledged++;
                if (!outcome.txId().equals(txById.get(outcome.id()))) {
                    lost++;
                }
            } else if (rowsByName.containsKey(outcome.name())) {
                landedAnyway++;
            }
        }
        int duplicated = rowsByName.values().stream().mapToInt(rows -> rows - 1).sum();
        return new Result(acknowledged, lost, duplicated, landedAnyway);
    }
}
