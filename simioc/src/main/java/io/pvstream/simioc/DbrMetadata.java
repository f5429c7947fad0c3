package io.pvstream.simioc;

import gov.aps.jca.dbr.CTRL;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.GR;
import gov.aps.jca.dbr.LABELS;
import gov.aps.jca.dbr.PRECISION;

/** Copies {@link PvMetadata} into whichever metadata parts (GR, CTRL, PRECISION, LABELS) a DBR has. */
final class DbrMetadata {

    private DbrMetadata() {
    }

    static void fill(DBR dbr, PvMetadata metadata, String[] enumLabels) {
        if (dbr.isGR()) {
            GR gr = (GR) dbr;
            gr.setUnits(metadata.units());
            gr.setUpperDispLimit(metadata.upperDisplay());
            gr.setLowerDispLimit(metadata.lowerDisplay());
            gr.setUpperAlarmLimit(metadata.hihi());
            gr.setUpperWarningLimit(metadata.high());
            gr.setLowerWarningLimit(metadata.low());
            gr.setLowerAlarmLimit(metadata.lolo());
        }
        if (dbr.isCTRL()) {
            CTRL ctrl = (CTRL) dbr;
            ctrl.setUpperCtrlLimit(metadata.upperControl());
            ctrl.setLowerCtrlLimit(metadata.lowerControl());
        }
        if (dbr.isPRECSION()) {
            ((PRECISION) dbr).setPrecision(metadata.precision());
        }
        if (dbr.isLABELS()) {
            ((LABELS) dbr).setLabels(enumLabels);
        }
    }
}
