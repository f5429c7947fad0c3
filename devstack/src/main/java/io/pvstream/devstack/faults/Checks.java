package io.pvstream.devstack.faults;

import java.util.ArrayList;
import java.util.List;

/** What one run of a scenario had to hold, and what did not. */
final class Checks {

    private final List<String> failed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** Records {@code what} as failed unless {@code held}. */
    Checks check(boolean held, String what) {
        if (!held) {
            failed.add(what);
        }
        return this;
    }

    /** A measured figure for the report (e.g. how long fail-over took). */
    Checks note(String figure) {
        notes.add(figure);
        return this;
    }

    boolean passed() {
        return failed.isEmpty();
    }

    List<String> failed() {
        return List.copyOf(failed);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }
}
