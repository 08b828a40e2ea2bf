package io.gputraining.engine.preflight.host;

import io.gputraining.engine.EngineException;
import java.time.Duration;
import java.util.List;

/** A command did not finish in time and was killed. */
public class CommandTimeoutException extends EngineException {
    private static final long serialVersionUID = 1L;

    public CommandTimeoutException(List<String> command, Duration timeout) {
        super("'" + String.join(" ", command) + "' did not finish within " + timeout.toSeconds()
                + " s and was killed.");
    }
}
