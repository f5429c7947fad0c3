package io.pvstream.streams.archive;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.StringArray;

/**
 * One row of the archive table {@code pv_archive}, typed for SQL like {@code snapshot_value}: {@code kind} says which
 * column holds the value (double/long: {@code num}; string: {@code text}; enum: {@code num} = index and {@code text}
 * = label; arrays: {@code json}). A disconnected PV has no value, severity or status: a gap, not a stale number.
 *
 * <p>Numbers that SQL aggregates would turn into nonsense (NaN, ±infinity) are kept as text with {@code num} null,
 * so they show in raw history and stay out of bin statistics. Text never holds a NUL (PostgreSQL text cannot):
 * each is replaced by U+FFFD.
 *
 * @param sampleNs  when it happened, ns since the epoch ({@link ArchiveRules#sampleTimeNs})
 * @param changes   what made it a sample, e.g. {@code VALUE,SEVERITY}
 * @param kind      double, long, string, enum, double_array, long_array or string_array; null without a value
 */
public record ArchiveSample(String pv, long sampleNs, String changes, String kind, Double num, String text,
                            String json, String severity, String status, boolean connected) {

    /** Arrays whose JSON is longer than this are archived without their elements (text says so): a Kafka record cap. */
    public static final int MAX_JSON_CHARS = 2_000_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<PvChange> BY_NAME = Arrays.stream(PvChange.values())
            .sorted(Comparator.comparing(PvChange::name)).toList();

    /** The sample of {@code state} of PV {@code pv}, archived for {@code changes}. */
    public static ArchiveSample of(String pv, PvDiffState state, Set<PvChange> changes) {
        long sampleNs = ArchiveRules.sampleTimeNs(state, changes);
        String why = names(changes);
        PvValue value = state.getValue();
        if (!ArchiveRules.connected(state) || value == null) {
            return new ArchiveSample(pv, sampleNs, why, null, null, null, null, null, null,
                    ArchiveRules.connected(state));
        }
        Object raw = value.getValue();
        String severity = value.getSeverity().name();
        String status = value.getStatus().name();
        if (raw instanceof Double d) {
            return Double.isFinite(d)
                    ? new ArchiveSample(pv, sampleNs, why, "double", d, null, null, severity, status, true)
                    : new ArchiveSample(pv, sampleNs, why, "double", null, d.toString(), null, severity, status, true);
        }
        if (raw instanceof Long l) {
            return new ArchiveSample(pv, sampleNs, why, "long", l.doubleValue(), null, null, severity, status, true);
        }
        if (raw instanceof EnumValue e) {
            return new ArchiveSample(pv, sampleNs, why, "enum", (double) e.getIndex(), clean(e.getLabel()), null,
                    severity, status, true);
        }
        if (raw instanceof DoubleArray a) {
            return array(pv, sampleNs, why, "double_array", a.getValues(), severity, status);
        }
        if (raw instanceof LongArray a) {
            return array(pv, sampleNs, why, "long_array", a.getValues(), severity, status);
        }
        if (raw instanceof StringArray a) {
            return array(pv, sampleNs, why, "string_array", a.getValues().stream().map(ArchiveSample::clean).toList(),
                    severity, status);
        }
        return new ArchiveSample(pv, sampleNs, why, "string", null, clean(String.valueOf(raw)), null, severity, status,
                true);
    }

    /** The names of {@code changes} in name order, comma-separated (one row per archived update: no stream). */
    static String names(Set<PvChange> changes) {
        StringBuilder out = new StringBuilder(24);
        for (PvChange change : BY_NAME) {
            if (changes.contains(change)) {
                out.append(out.length() == 0 ? "" : ",").append(change.name());
            }
        }
        return out.toString();
    }

    private static ArchiveSample array(String pv, long sampleNs, String why, String kind, List<?> elements,
                                       String severity, String status) {
        String json = write(elements);
        if (json.length() > MAX_JSON_CHARS) {
            return new ArchiveSample(pv, sampleNs, why, kind, null, "not archived: " + elements.size()
                    + " elements, " + json.length() + " characters of JSON", null, severity, status, true);
        }
        return new ArchiveSample(pv, sampleNs, why, kind, null, null, json, severity, status, true);
    }

    /** NaN and infinities are written as strings ("NaN"), as the REST API shows them. */
    private static String write(List<?> elements) {
        try {
            return JSON.writeValueAsString(elements);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of numbers or strings always renders", e);
        }
    }

    private static String clean(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }
}
