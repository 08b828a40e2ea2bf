package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;

/**
 * A {@link ContainerSpec} or {@link ExecSpec} asks for something a plain host process cannot honour
 * (another user, a GPU count without device ids, no command). Thrown before any process starts.
 */
public class LocalSettingRefusedException extends EngineException {
    private static final long serialVersionUID = 1L;

    public LocalSettingRefusedException(String message) {
        super(message);
    }
}
