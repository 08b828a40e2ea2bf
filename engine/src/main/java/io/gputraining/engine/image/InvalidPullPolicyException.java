package io.gputraining.engine.image;

import io.gputraining.engine.EngineException;

/** A pull policy that is not one of the words, or that cannot apply to the image given (always with an image ID). */
public class InvalidPullPolicyException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidPullPolicyException(String message) {
        super(message);
    }
}
