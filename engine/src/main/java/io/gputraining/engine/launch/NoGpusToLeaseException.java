package io.gputraining.engine.launch;

import io.gputraining.engine.EngineException;

/** GPUs were asked for, but the host's GPUs cannot be read (no driver, nvidia-smi failing), so none can be leased. */
public class NoGpusToLeaseException extends EngineException {
    private static final long serialVersionUID = 1L;

    public NoGpusToLeaseException(String message, EngineException cause) {
        super(message, cause);
    }
}
