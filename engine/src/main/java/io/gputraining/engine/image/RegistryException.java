package io.gputraining.engine.image;

import io.gputraining.engine.EngineException;

/** Base of the errors met while talking to a registry's API, for callers that handle them alike. */
public class RegistryException extends EngineException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
