package io.gputraining.reliability.aborts;

import io.gputraining.reliability.Figures;
import java.util.ArrayList;
import java.util.List;

/** Records each abort trial in the suite's figures, says how it went as it goes, and keeps the lost ones for the test to fail on. */
final class AbortTally {

    private final Figures figures = Figures.of("aborts");
    private final List<String> lost = new ArrayList<>();
    private final int trials;
    private int done;

    AbortTally(int trials) {
        this.trials = trials;
    }

    void record(TrialResult r) {
        figures.judge(r.row(), r.problems(), r.detail());
        done++;
        System.out.println("[aborts] " + done + "/" + trials + " " + r.row() + ": "
                + (r.problems().isEmpty() ? "survived, " + r.detail() : "LOST, " + r.problems()));
        if (!r.problems().isEmpty()) {
            lost.add(r.row() + " (" + r.detail() + "): " + r.problems());
        }
    }

    /** The trials in which an invariant broke. */
    List<String> lost() {
        return List.copyOf(lost);
    }
}
