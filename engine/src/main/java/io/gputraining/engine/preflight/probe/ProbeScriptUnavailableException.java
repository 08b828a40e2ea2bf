package io.gputraining.engine.preflight.probe;

import io.gputraining.engine.EngineException;

/** The probe script is not on the engine's class path: a broken build or installation. */
public class ProbeScriptUnavailableException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ProbeScriptUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
