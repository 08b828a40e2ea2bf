package io.gputraining.engine.preflight;

import io.gputraining.engine.EngineException;

/** A preflight policy value is out of range; the message names the setting, its value and what is allowed. */
public class InvalidPreflightPolicyException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidPreflightPolicyException(String message) {
        super(message);
    }
}
