package io.gputraining.engine.gpu;

import io.gputraining.engine.EngineException;

/** A GPU request this host can never satisfy (an unknown id, more GPUs than it has); no use waiting. */
public class InvalidGpuRequestException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidGpuRequestException(String message) {
        super(message);
    }
}
