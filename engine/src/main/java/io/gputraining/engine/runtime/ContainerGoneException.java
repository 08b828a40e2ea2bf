package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;

/** A container that was started earlier no longer exists: removed by someone, or its daemon lost it. */
public class ContainerGoneException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ContainerGoneException(String message) {
        super(message);
    }
}
