package io.gputraining.engine.preflight;

import io.gputraining.engine.EngineException;

/** A preflight report's JSON could not be read: not JSON, another schema version, or a field out of place. */
public class PreflightReportFormatException extends EngineException {
    private static final long serialVersionUID = 1L;

    public PreflightReportFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
