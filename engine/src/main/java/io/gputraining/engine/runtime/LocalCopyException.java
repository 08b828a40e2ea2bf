package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;

/** {@link ContainerSession#copyOut} of the {@link LocalRuntime} failed: the source is missing or unreadable. */
public class LocalCopyException extends EngineException {
    private static final long serialVersionUID = 1L;

    public LocalCopyException(String message) {
        super(message);
    }

    public LocalCopyException(String message, Throwable cause) {
        super(message, cause);
    }
}
