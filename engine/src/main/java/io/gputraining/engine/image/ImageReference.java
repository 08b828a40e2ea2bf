package io.gputraining.engine.image;

import java.io.Serializable;

/**
 * What a user may give as an image, in Docker's sense of "reference": a name ({@link ImageRef},
 * {@code [registry/]repository[:tag][@digest]}) or a daemon's content-addressed image ID ({@link ImageId},
 * {@code sha256:<64 hex>}), which names an image that only daemons that built or loaded it have.
 */
public sealed interface ImageReference extends Serializable permits ImageRef, ImageId {

    /**
     * Parses a reference as users write it: a full image ID (with or without {@code sha256:}), else a name.
     *
     * @throws InvalidImageReferenceException with the reason, for anything Docker would refuse
     */
    static ImageReference parse(String reference) {
        return ImageId.matches(reference) ? ImageId.parse(reference) : ImageRef.parse(reference);
    }

    /** True when the reference names fixed content: a name with a digest, or an image ID. */
    boolean isPinned();

    /** What to hand the daemon to address this image. */
    String daemonReference();
}
