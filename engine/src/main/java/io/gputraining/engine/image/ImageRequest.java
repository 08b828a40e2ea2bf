package io.gputraining.engine.image;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller wants of an image before it runs anything in it.
 *
 * @param ref           the reference as the user wrote it
 * @param requirePinned refuse a reference without digest (and say which digest it would have been)
 * @param auth          credentials for the image's registry, or null for anonymous access
 */
public record ImageRequest(ImageRef ref, boolean requirePinned, RegistryAuth auth) implements Serializable {

    public ImageRequest {
        Objects.requireNonNull(ref, "ref");
    }

    public static ImageRequest of(String reference) {
        return new ImageRequest(ImageRef.parse(reference), false, null);
    }

    public Optional<RegistryAuth> authIfAny() {
        return Optional.ofNullable(auth);
    }
}
