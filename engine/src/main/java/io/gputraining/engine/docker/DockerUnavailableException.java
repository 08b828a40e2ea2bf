package io.gputraining.engine.docker;

import io.gputraining.engine.EngineException;

/** The Docker daemon cannot be reached, or refused a request that every run needs. */
public class DockerUnavailableException extends EngineException {
    private static final long serialVersionUID = 1L;

    public DockerUnavailableException(String message) {
        super(message);
    }

    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
