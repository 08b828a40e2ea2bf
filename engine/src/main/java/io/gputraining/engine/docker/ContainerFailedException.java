package io.gputraining.engine.docker;

import io.gputraining.engine.EngineException;

/** The daemon could not create, start or talk to a container; the message says which and why. */
public class ContainerFailedException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ContainerFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
