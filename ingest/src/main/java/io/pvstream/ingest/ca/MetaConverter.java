package io.pvstream.ingest.ca;

import java.util.Arrays;
import java.util.List;

import gov.aps.jca.dbr.CTRL;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.GR;
import gov.aps.jca.dbr.LABELS;
import gov.aps.jca.dbr.PRECISION;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.PvMeta;

/** Converts a {@code DBR_CTRL_*} payload plus the channel's facts to {@link PvMeta}. Pure, no I/O. */
public final class MetaConverter {

    private MetaConverter() {
    }

    /** What the channel itself says about a PV, beside the CTRL payload. */
    public record ChannelFacts(DBRType nativeType, int elementCount, boolean readAccess, boolean writeAccess) {
    }

    /**
     * @param ctrl a DBR_CTRL_* of any type; parts it lacks (units for ENUM, limits for STRING) stay null
     */
    public static PvMeta toPvMeta(String name, DBR ctrl, ChannelFacts facts) {
        PvMeta.Builder meta = PvMeta.newBuilder()
                .setName(name)
                .setType(dbrTypeOf(facts.nativeType()))
                .setCount(facts.elementCount())
                .setReadAccess(facts.readAccess())
                .setWriteAccess(facts.writeAccess())
                .setEnumLabels(labelsOf(ctrl));
        if (ctrl instanceof GR gr) {
            meta.setUnits(gr.getUnits())
                    .setDisplayLow(limit(gr.getLowerDispLimit()))
                    .setDisplayHigh(limit(gr.getUpperDispLimit()))
                    .setAlarmLoLo(limit(gr.getLowerAlarmLimit()))
                    .setAlarmLow(limit(gr.getLowerWarningLimit()))
                    .setAlarmHigh(limit(gr.getUpperWarningLimit()))
                    .setAlarmHiHi(limit(gr.getUpperAlarmLimit()));
        }
        if (ctrl instanceof CTRL c) {
            meta.setControlLow(limit(c.getLowerCtrlLimit()))
                    .setControlHigh(limit(c.getUpperCtrlLimit()));
        }
        if (ctrl instanceof PRECISION p) {
            meta.setPrecision((int) p.getPrecision());
        }
        return meta.build();
    }

    /** Enum labels by index, empty for non-ENUM PVs. */
    public static List<String> labelsOf(DBR ctrl) {
        if (ctrl instanceof LABELS labels && labels.getLabels() != null) {
            return Arrays.asList(labels.getLabels());
        }
        return List.of();
    }

    /** Native field type; the DBR value types map one to one (jca BYTE = DBF_CHAR, INT = DBF_LONG). */
    public static DbrType dbrTypeOf(DBRType type) {
        if (type.isDOUBLE()) {
            return DbrType.DOUBLE;
        } else if (type.isFLOAT()) {
            return DbrType.FLOAT;
        } else if (type.isINT()) {
            return DbrType.LONG;
        } else if (type.isSHORT()) {
            return DbrType.SHORT;
        } else if (type.isBYTE()) {
            return DbrType.CHAR;
        } else if (type.isENUM()) {
            return DbrType.ENUM;
        } else if (type.isSTRING()) {
            return DbrType.STRING;
        }
        throw new IllegalArgumentException("not a native field type: " + type);
    }

    /** An unset limit (NaN, as IOCs send for unset alarm limits) is null: "no limit", not a number. */
    private static Double limit(Number value) {
        if (value == null) {
            return null;
        }
        double d = value.doubleValue();
        return Double.isNaN(d) ? null : d;
    }
}
