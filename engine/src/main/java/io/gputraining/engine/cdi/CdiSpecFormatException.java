package io.gputraining.engine.cdi;

import io.gputraining.engine.EngineException;

/** A file in a CDI spec directory is not a CDI spec this engine can read. */
public class CdiSpecFormatException extends EngineException {
    private static final long serialVersionUID = 1L;

    public CdiSpecFormatException(String message) {
        super(message);
    }
}
