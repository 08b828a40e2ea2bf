package io.gputraining.engine.train;

import io.gputraining.engine.runtime.MemoryLimit;
import java.time.Duration;

/**
 * How an ended training command is judged: a non-zero exit, an OOM kill or the timeout end the run before anything is
 * collected, each with a message that says what to do.
 */
final class TrainingOutcome {

    private TrainingOutcome() {
    }

    /** @throws TrainingFailedException unless the command exited with 0 */
    static void check(int exitCode, boolean oomKilled, MemoryLimit memoryLimit) {
        if (oomKilled) {
            throw new TrainingFailedException("The training ran out of memory and was killed by the out-of-memory killer (exit "
                    + exitCode + ")" + (memoryLimit.isNone() ? ", with no memory limit set: the host ran out"
                    : " at the container's memory limit of " + memoryLimit) + "; nothing was registered. Lower the batch size,"
                    + " or give the container more memory" + (memoryLimit.isNone() ? "." : " (raise the memory limit)."),
                    exitCode, true, false);
        }
        if (exitCode != 0) {
            throw new TrainingFailedException("The training command exited with " + exitCode + "; nothing was registered."
                    + " Its output is above.", exitCode, false, false);
        }
    }

    /** The training outran its timeout and was stopped. */
    static TrainingFailedException timedOut(Duration timeout) {
        return new TrainingFailedException("The training ran longer than its timeout of " + humanDuration(timeout)
                + " and was stopped; its container was removed and nothing was registered. Raise the timeout if the run needs"
                + " longer.", -1, false, true);
    }

    /** {@code 90 min}, {@code 3 s}: a timeout given in seconds must not read as {@code 0 min}. */
    static String humanDuration(Duration d) {
        return d.toSecondsPart() == 0 && d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
