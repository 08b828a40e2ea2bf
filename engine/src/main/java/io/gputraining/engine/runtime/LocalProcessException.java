package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;

/** A host process of the {@link LocalRuntime} could not be started, or its output could not be delivered. */
public class LocalProcessException extends EngineException {
    private static final long serialVersionUID = 1L;

    public LocalProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
