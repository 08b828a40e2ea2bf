package io.gputraining.engine.steps;

import io.gputraining.engine.EngineException;

/** A step's parameters cannot make a request: the message names the parameter and what to write instead. */
public class InvalidStepSettingsException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidStepSettingsException(String message) {
        super(message);
    }
}
