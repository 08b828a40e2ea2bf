package io.gputraining.engine.launch;

import io.gputraining.engine.EngineException;

/** Work that must outlive its starting process was asked of a runtime that cannot start such work. */
public class NotDetachableException extends EngineException {
    private static final long serialVersionUID = 1L;

    public NotDetachableException(String message) {
        super(message);
    }
}
