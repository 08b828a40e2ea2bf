package io.gputraining.engine;

/**
 * Base of the engine's errors. Every message says what happened, why, and what the user can do about it,
 * because it ends up verbatim in a build log.
 */
public class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
