package io.gputraining.engine.registry.oci;

import io.gputraining.engine.registry.ModelRegistryException;
import java.util.List;

/**
 * A model name, base repository or alias that cannot be an OCI repository name or tag. Raised before anything
 * is sent, so nothing was uploaded.
 */
public class InvalidOciNameException extends ModelRegistryException {
    private static final long serialVersionUID = 1L;

    public InvalidOciNameException(String message) {
        super(message, List.of(), null);
    }
}
