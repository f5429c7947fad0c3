package io.pvstream.records.snapshots;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A snapshot's header as the API shows it (its values are paged separately).
 *
 * @param takenAt         when the values were read, ISO-8601
 * @param source          {@code live}: read from the latest-value stores
 * @param asOf            for a snapshot of the past, the time it shows; null for live
 * @param configurationId the configuration its PVs came from, or null
 * @param selection       how the PVs were chosen: {@code {"pvs":[...]}}, {@code {"configurationId":...}} or
 *                        {@code {"pattern":...}}
 * @param chunkCount      buffered transactions carrying its values
 * @param positions       {@code "<topic>-<partition>" → offset} the latest-value stores were read at
 */
public record Snapshot(String id, String txId, String name, String comment, List<String> tags, String takenAt,
                       String author, String source, String asOf, String configurationId, JsonNode selection,
                       int pvCount, int chunkCount, Counts counts, Map<String, Long> positions, String updatedAt) {

    /** How many PVs were saved in each state. */
    public record Counts(int ok, int disconnected, int neverSeen) {

        static Counts of(List<SnapshotValue> values) {
            int ok = 0;
            int disconnected = 0;
            int neverSeen = 0;
            for (SnapshotValue value : values) {
                switch (value.state()) {
                    case OK -> ok++;
                    case DISCONNECTED -> disconnected++;
                    case NEVER_SEEN -> neverSeen++;
                }
            }
            return new Counts(ok, disconnected, neverSeen);
        }
    }
}
