package io.pvstream.simioc;

import gov.aps.jca.dbr.DBRType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creates and names every PV of one simulated IOC from its {@link SimIocConfig}. */
final class PvCatalog {

    /** Simulated PVs: ai-like, 0..100 mA with the four alarm limits. */
    static final PvMetadata SIMULATED_METADATA = PvMetadata.analog("mA", 3, 0, 100, 5, 10, 90, 95);
    static final PvMetadata SETPOINT_METADATA = PvMetadata.ranged("A", 3, 0, 100);
    static final List<String> ENUM_LABELS = List.of("OFF", "ON", "FAULT");
    static final int STRING_WAVEFORM_LENGTH = 4;
    private static final int MIN_INDEX_DIGITS = 5;

    private final String prefix;
    private final int indexDigits;
    private final Map<String, SimProcessVariable> byName = new LinkedHashMap<>();
    private final List<SimProcessVariable> simulated = new ArrayList<>();
    private final Map<SimProcessVariable, SimProcessVariable> readbackOfSetpoint = new HashMap<>();
    private final SimProcessVariable waveform;

    PvCatalog(SimIocConfig config) {
        this.prefix = config.prefix();
        int largestIndex = Math.max(config.pvCount(), config.setpointCount());
        this.indexDigits = Math.max(MIN_INDEX_DIGITS, String.valueOf(largestIndex).length());

        SimulatedSignal signal = new SimulatedSignal(config.pvCount());
        for (int i = 1; i <= config.pvCount(); i++) {
            simulated.add(add(new SimProcessVariable(simulatedName(i), DBRType.DOUBLE,
                    signal.valueAt(i - 1, 0), false, SIMULATED_METADATA, WritePolicy.WRITABLE)));
        }
        addOneOfEachType(config.waveformLength());
        this.waveform = byName.get(prefix + "WAVE");
        for (int i = 1; i <= config.setpointCount(); i++) {
            SimProcessVariable setpoint = add(scalar(setpointName(i), DBRType.DOUBLE, 0.0, SETPOINT_METADATA,
                    WritePolicy.WRITABLE));
            SimProcessVariable readback = add(scalar(readbackName(i), DBRType.DOUBLE, 0.0, SETPOINT_METADATA,
                    WritePolicy.READ_ONLY));
            readbackOfSetpoint.put(setpoint, readback);
        }
        add(scalar(prefix + "RO", DBRType.DOUBLE, 42.0, PvMetadata.ranged("V", 3, 0, 100), WritePolicy.READ_ONLY));
        add(scalar(prefix + "ASYNC", DBRType.DOUBLE, 0.0, PvMetadata.ranged("V", 3, 0, 100), WritePolicy.ASYNC));
    }

    private void addOneOfEachType(int waveformLength) {
        add(scalar(prefix + "DOUBLE", DBRType.DOUBLE, 1.5, PvMetadata.ranged("V", 3, -10, 10), WritePolicy.WRITABLE));
        add(scalar(prefix + "FLOAT", DBRType.FLOAT, 2.5f, PvMetadata.ranged("V", 2, -10, 10), WritePolicy.WRITABLE));
        add(scalar(prefix + "LONG", DBRType.INT, 7, PvMetadata.ranged("counts", 0, 0, 1_000_000),
                WritePolicy.WRITABLE));
        add(scalar(prefix + "SHORT", DBRType.SHORT, (short) 3, PvMetadata.ranged("counts", 0, 0, 1000),
                WritePolicy.WRITABLE));
        add(scalar(prefix + "BYTE", DBRType.BYTE, (byte) 1, PvMetadata.ranged("", 0, 0, 127), WritePolicy.WRITABLE));
        add(scalar(prefix + "ENUM", DBRType.ENUM, 0,
                PvMetadata.enumerated(ENUM_LABELS.toArray(String[]::new)), WritePolicy.WRITABLE));
        add(scalar(prefix + "STRING", DBRType.STRING, "hello", PvMetadata.NONE, WritePolicy.WRITABLE));
        add(new SimProcessVariable(prefix + "WAVE", DBRType.DOUBLE,
                SimulatedSignal.waveAt(waveformLength, 0), true, PvMetadata.ranged("mm", 3, -10, 10),
                WritePolicy.WRITABLE));
        int[] ramp = new int[waveformLength];
        for (int i = 0; i < waveformLength; i++) {
            ramp[i] = i;
        }
        add(new SimProcessVariable(prefix + "LONGWAVE", DBRType.INT, ramp, true,
                PvMetadata.ranged("counts", 0, 0, waveformLength), WritePolicy.WRITABLE));
        add(new SimProcessVariable(prefix + "STRWAVE", DBRType.STRING,
                new String[] {"alpha", "beta", "gamma", "delta"}, true, PvMetadata.NONE, WritePolicy.WRITABLE));
    }

    private static SimProcessVariable scalar(String name, DBRType type, Object value, PvMetadata metadata,
                                             WritePolicy policy) {
        return new SimProcessVariable(name, type, value, false, metadata, policy);
    }

    private SimProcessVariable add(SimProcessVariable pv) {
        if (byName.putIfAbsent(pv.getName(), pv) != null) {
            throw new IllegalStateException("duplicate PV name " + pv.getName());
        }
        return pv;
    }

    String simulatedName(int index) {
        return prefix + "PV" + pad(index);
    }

    String setpointName(int index) {
        return prefix + "SP" + pad(index);
    }

    String readbackName(int index) {
        return prefix + "RB" + pad(index);
    }

    private String pad(int index) {
        String digits = String.valueOf(index);
        return "0".repeat(Math.max(0, indexDigits - digits.length())) + digits;
    }

    String prefix() {
        return prefix;
    }

    /** All PVs by name, in creation order. */
    Map<String, SimProcessVariable> byName() {
        return Collections.unmodifiableMap(byName);
    }

    List<SimProcessVariable> simulated() {
        return Collections.unmodifiableList(simulated);
    }

    SimProcessVariable waveform() {
        return waveform;
    }

    Map<SimProcessVariable, SimProcessVariable> readbackOfSetpoint() {
        return Collections.unmodifiableMap(readbackOfSetpoint);
    }
}
