package io.gputraining.engine.image;

import io.gputraining.engine.EngineException;

/** The image had to be in the Docker daemon already (pull: never, or an image ID, which no registry serves) and is not. */
public class LocalImageNotFoundException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final String reference;

    private LocalImageNotFoundException(String reference, String message) {
        super(message);
        this.reference = reference;
    }

    /** {@code pull: never} and the daemon has no such image. */
    public static LocalImageNotFoundException pullNever(ImageRef ref) {
        return new LocalImageNotFoundException(ref.toString(), "Image " + ref + " is not in this Docker daemon, and the pull"
                + " policy 'never' forbids pulling it. Pull it first (docker pull " + ref + "), build or load it on this"
                + " host, or let it be pulled (pull: 'missing' or 'newer').");
    }

    /** An image ID the daemon does not have. */
    public static LocalImageNotFoundException byId(ImageId id) {
        return new LocalImageNotFoundException(id.toString(), "Image " + id + " is not in this Docker daemon. An image ID names"
                + " content that no registry serves by that ID, so it cannot be pulled: build the image on this host, or"
                + " 'docker save' it where it is and 'docker load' it here; or give its name and digest instead.");
    }

    /** The reference that was not found. */
    public String reference() {
        return reference;
    }
}
