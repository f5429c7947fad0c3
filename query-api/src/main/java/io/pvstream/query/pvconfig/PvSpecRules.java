package io.pvstream.query.pvconfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.pvstream.schemas.PvAddress;
import io.pvstream.schemas.avro.PvProtocol;

/**
 * What a valid monitoring spec is, free of HTTP and Kafka. Every problem found is reported, in one message.
 */
public final class PvSpecRules {

    /** Longer names are refused (EPICS record names are at most 60 characters; CA allows longer ones). */
    static final int MAX_NAME_LENGTH = 1000;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_LENGTH = 100;
    /** The ingest's default: DBE_VALUE | DBE_ALARM. */
    static final List<String> DEFAULT_MASK = List.of("VALUE", "ALARM");

    private PvSpecRules() {
    }

    /** A spec that breaks a rule; the message names every problem. */
    public static final class InvalidSpec extends RuntimeException {
        InvalidSpec(String message) {
            super(message);
        }
    }

    /**
     * @param monitorMask null = the default (VALUE, ALARM); names are case-insensitive, LOG = ARCHIVE
     * @param readbackPv  null or blank = none
     * @param tags        null = none; duplicates are dropped
     * @param protocol    {@code ca} or {@code pva} (any case); null or blank = the one the name implies: pva for a
     *                    {@code pva://} prefix, else ca. A prefixed name with {@code ca} is refused, not guessed at
     * @throws InvalidSpec naming every problem
     */
    public static PvSpec validated(String name, Double deadband, Double archiveDeadband, List<String> monitorMask,
                                   String readbackPv, List<String> tags, String protocol) {
        List<String> problems = new ArrayList<>();
        nameProblem("name", name).ifPresent(problems::add);
        deadbandProblem("deadband", deadband).ifPresent(problems::add);
        deadbandProblem("archiveDeadband", archiveDeadband).ifPresent(problems::add);
        List<String> mask = mask(monitorMask, problems);
        String readback = readbackPv == null || readbackPv.isBlank() ? null : readbackPv.strip();
        if (readback != null) {
            nameProblem("readbackPv", readback).ifPresent(problems::add);
        }
        List<String> cleanTags = tags(tags, problems);
        String cleanProtocol = protocol(protocol, name, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSpec(String.join("; ", problems));
        }
        return new PvSpec(name, deadband, archiveDeadband, mask, readback, cleanTags, cleanProtocol);
    }

    /**
     * As {@link #validated(String, Double, Double, List, String, List, String)}, failing also when the caller already found
     * problems reading the fields (a number that is not one, a wrong JSON type), so all are reported together.
     */
    static PvSpec validated(List<String> readingProblems, String name, Double deadband, Double archiveDeadband,
                            List<String> monitorMask, String readbackPv, List<String> tags, String protocol) {
        List<String> problems = new ArrayList<>(readingProblems);
        try {
            PvSpec spec = validated(name, deadband, archiveDeadband, monitorMask, readbackPv, tags, protocol);
            if (problems.isEmpty()) {
                return spec;
            }
        } catch (InvalidSpec e) {
            problems.add(e.getMessage());
        }
        throw new InvalidSpec(String.join("; ", problems));
    }

    /** A problem with a PV name, if any: 1 to 1000 characters, no white space or control characters. */
    public static Optional<String> nameProblem(String field, String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of(field + ": required");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of(field + ": longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of(field + ": white space or control characters in '" + printable(name) + "'");
        }
        if (PvAddress.of(name).channelName().isEmpty()) {
            return Optional.of(field + ": no channel name after the " + PvAddress.PVA_PREFIX + " prefix");
        }
        return Optional.empty();
    }

    /** {@code ca} or {@code pva}, the form the API shows and takes. */
    static String shown(PvProtocol protocol) {
        return protocol.name().toLowerCase(Locale.ROOT);
    }

    /** The pv.config field for a protocol as the API shows it. */
    static PvProtocol protocolOf(String shown) {
        return PvProtocol.valueOf(shown.toUpperCase(Locale.ROOT));
    }

    private static String protocol(String requested, String name, List<String> problems) {
        PvProtocol implied = PvAddress.of(name == null ? "" : name).protocol();
        if (requested == null || requested.isBlank()) {
            return shown(implied);
        }
        String lower = requested.strip().toLowerCase(Locale.ROOT);
        if (!lower.equals("ca") && !lower.equals("pva")) {
            problems.add("protocol: unknown '" + printable(requested) + "' (ca or pva; or name the PV "
                    + PvAddress.PVA_PREFIX + "NAME for pva)");
            return null;
        }
        if (implied == PvProtocol.PVA && lower.equals("ca")) {
            problems.add("protocol: 'ca', but the name's " + PvAddress.PVA_PREFIX + " prefix says pva");
            return null;
        }
        return lower;
    }

    private static Optional<String> deadbandProblem(String field, Double value) {
        if (value != null && (value.isNaN() || value.isInfinite() || value < 0)) {
            return Optional.of(field + ": must be a finite number >= 0 (got " + value + ")");
        }
        return Optional.empty();
    }

    private static List<String> mask(List<String> requested, List<String> problems) {
        if (requested == null) {
            return DEFAULT_MASK;
        }
        Set<String> events = new LinkedHashSet<>();
        for (String event : requested) {
            String upper = event == null ? "" : event.strip().toUpperCase(Locale.ROOT);
            switch (upper) {
                case "VALUE", "ALARM", "ARCHIVE" -> events.add(upper);
                case "LOG" -> events.add("ARCHIVE");
                case "PROPERTY" -> problems.add("monitorMask: PROPERTY is not a value mask (metadata is always "
                        + "monitored)");
                default -> problems.add("monitorMask: unknown event '" + printable(String.valueOf(event))
                        + "' (VALUE, ALARM, ARCHIVE or LOG)");
            }
        }
        if (requested.isEmpty()) {
            problems.add("monitorMask: at least one of VALUE, ALARM, ARCHIVE");
        }
        return List.copyOf(events);
    }

    private static List<String> tags(List<String> requested, List<String> problems) {
        if (requested == null) {
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : requested) {
            String clean = tag == null ? "" : tag.strip();
            if (clean.isEmpty() || clean.length() > MAX_TAG_LENGTH || clean.chars().anyMatch(Character::isISOControl)) {
                problems.add("tags: each 1 to " + MAX_TAG_LENGTH + " characters without control characters (got '"
                        + printable(String.valueOf(tag)) + "')");
            } else {
                tags.add(clean);
            }
        }
        if (tags.size() > MAX_TAGS) {
            problems.add("tags: at most " + MAX_TAGS + " (got " + tags.size() + ")");
        }
        return List.copyOf(tags);
    }

    /** For messages: control characters shown as \\uXXXX, long values cut. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.length() > 80 ? out + "..." : out.toString();
    }
}
