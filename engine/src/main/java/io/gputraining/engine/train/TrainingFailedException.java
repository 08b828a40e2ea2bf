package io.gputraining.engine.train;

import io.gputraining.engine.EngineException;

/** The training command did not succeed: nothing was registered. */
public class TrainingFailedException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final boolean oomKilled;
    private final boolean timedOut;

    public TrainingFailedException(String message, int exitCode, boolean oomKilled, boolean timedOut) {
        super(message);
        this.exitCode = exitCode;
        this.oomKilled = oomKilled;
        this.timedOut = timedOut;
    }

    public int exitCode() {
        return exitCode;
    }

    public boolean oomKilled() {
        return oomKilled;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
