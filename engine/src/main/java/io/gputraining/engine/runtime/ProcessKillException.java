package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;

/** The processes to end could not even be looked for in a session (its shell failed, or the image has no {@code tr}). */
public class ProcessKillException extends EngineException {

    private static final long serialVersionUID = 1L;

    public ProcessKillException(String message) {
        super(message);
    }
}
