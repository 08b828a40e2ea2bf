package io.gputraining.engine.preflight.probe;

import io.gputraining.engine.EngineException;

/** The probe's output could not be read as its report. */
public class ProbeReportFormatException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ProbeReportFormatException(String message) {
        super(message);
    }

    public ProbeReportFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
