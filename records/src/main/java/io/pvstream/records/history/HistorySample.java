package io.pvstream.records.history;

/**
 * One raw sample of a PV's history: a row of {@code pv_archive}. The value is typed like a snapshot's ({@code kind}
 * says which of {@code num}, {@code text}, {@code json} holds it); a disconnected PV has none.
 *
 * @param timeNs  when, ns since the epoch (the IOC time of a value, the ingest's time of a connection change)
 * @param changes what made it a sample, e.g. {@code VALUE,SEVERITY}
 */
public record HistorySample(long timeNs, String changes, String kind, Double num, String text, String json,
                            String severity, String status, boolean connected) {
}
