package io.gputraining.engine.train;

import io.gputraining.engine.EngineException;

/** A container asked to be finished as a training does not carry a training's labels. */
public class NotATrainingContainerException extends EngineException {
    private static final long serialVersionUID = 1L;

    public NotATrainingContainerException(String message) {
        super(message);
    }
}
