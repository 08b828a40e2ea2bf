package io.gputraining.engine.artifacts;

import io.gputraining.engine.EngineException;

/** Selecting the artifacts of a run failed; nothing was selected. Subclasses say why. */
public class ArtifactSelectionException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ArtifactSelectionException(String message) {
        super(message);
    }

    public ArtifactSelectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
