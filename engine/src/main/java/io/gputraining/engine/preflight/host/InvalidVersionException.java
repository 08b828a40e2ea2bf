package io.gputraining.engine.preflight.host;

import io.gputraining.engine.EngineException;

/** A version string (CUDA, driver, compute capability) that does not have the expected form. */
public class InvalidVersionException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidVersionException(String what, String text, String expectedForm) {
        super("'" + text + "' is not a valid " + what + ": expected the form " + expectedForm + ".");
    }
}
