package io.gputraining.reliability;

/** How one trial ended, judged by the invariants of its category, not by whether the operation succeeded. */
public enum Outcome {
    /** Every invariant held: e.g. nothing left running, nothing half-registered, the error said what to do. */
    SURVIVED,
    /** An invariant broke: this is the number the suite exists to keep at zero. */
    LOST
}
