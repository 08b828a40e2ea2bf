package io.gputraining.engine.image;

import io.gputraining.engine.EngineException;

/** An image reference that Docker would refuse, with the reason. */
public class InvalidImageReferenceException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidImageReferenceException(String reference, String reason) {
        super("Invalid image reference '" + reference + "': " + reason + ".");
    }
}
