package io.gputraining.engine.registry;

import io.gputraining.engine.EngineException;
import java.util.List;

/** Registration failed; no version was created. Says what was uploaded before the failure. */
public class ModelRegistryException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final List<String> uploaded;

    public ModelRegistryException(String message, List<String> uploaded, Throwable cause) {
        super(message + (uploaded.isEmpty() ? "" : " Uploaded before the failure (no version refers to them): " + String.join(", ", uploaded) + "."), cause);
        this.uploaded = List.copyOf(uploaded);
    }

    /** Artifact paths that reached the registry before the failure. */
    public List<String> uploaded() {
        return uploaded;
    }
}
