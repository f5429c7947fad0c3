package io.pvstream.query.pvconfig;

import java.util.List;

/**
 * What a bulk import body held: the valid specs, in order, and one error per refused line.
 *
 * @param lines the data lines (CSV) or items (JSON) read, valid or not
 */
record ImportBatch(List<PvSpec> specs, List<LineError> errors, int lines) {

    /**
     * @param line 1-based line of the CSV text (comments and the header included), or item of the JSON array
     * @param name the PV name of the line, when one could be read
     */
    record LineError(int line, String name, String error) {
    }
}
