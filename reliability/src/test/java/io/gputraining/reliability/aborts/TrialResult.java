package io.gputraining.reliability.aborts;

import java.util.List;

/**
 * How one abort trial went.
 *
 * @param row      the figures' scenario column: what ran, how it was aborted, the phase the abort landed in
 * @param problems the invariants that broke; empty when the trial survived
 * @param detail   what was observed, one line
 */
record TrialResult(String row, List<String> problems, String detail) {

    TrialResult {
        problems = List.copyOf(problems);
    }
}
