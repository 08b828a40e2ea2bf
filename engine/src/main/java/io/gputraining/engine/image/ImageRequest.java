package io.gputraining.engine.image;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller wants of an image before it runs anything in it. Built with {@link #builder(String)}, where
 * each default lives.
 *
 * @param reference     the image as the user gave it: a name, or an image ID
 * @param requirePinned refuse a reference without digest or image ID (and say which pin it would have been)
 * @param pull          when to pull it ({@link PullPolicy#DEFAULT} unless asked otherwise)
 * @param auth          credentials for the image's registry, or null for the logins the engine finds (or none)
 */
public record ImageRequest(ImageReference reference, boolean requirePinned, PullPolicy pull, RegistryAuth auth)
        implements Serializable {

    public ImageRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(pull, "pull");
    }

    /** The image {@code reference} with every default. */
    public static ImageRequest of(String reference) {
        return builder(reference).build();
    }

    /**
     * A builder for {@code reference} as users write it.
     *
     * @throws InvalidImageReferenceException when Docker would refuse the reference
     */
    public static Builder builder(String reference) {
        return builder(ImageReference.parse(reference));
    }

    public static Builder builder(ImageReference reference) {
        return new Builder(reference);
    }

    /** A builder holding this request's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(reference).requirePinned(requirePinned).pull(pull).auth(auth);
    }

    public Optional<RegistryAuth> authIfAny() {
        return Optional.ofNullable(auth);
    }

    /** Builds an {@link ImageRequest}: not pinned-only, {@link PullPolicy#DEFAULT}, no credentials of its own. */
    public static final class Builder {
        private final ImageReference reference;
        private boolean requirePinned;
        private PullPolicy pull = PullPolicy.DEFAULT;
        private RegistryAuth auth;

        private Builder(ImageReference reference) {
            this.reference = Objects.requireNonNull(reference, "reference");
        }

        public Builder requirePinned(boolean required) {
            this.requirePinned = required;
            return this;
        }

        /** The pull policy; null keeps {@link PullPolicy#DEFAULT}. */
        public Builder pull(PullPolicy policy) {
            this.pull = policy == null ? PullPolicy.DEFAULT : policy;
            return this;
        }

        public Builder auth(RegistryAuth credentials) {
            this.auth = credentials;
            return this;
        }

        public ImageRequest build() {
            return new ImageRequest(reference, requirePinned, pull, auth);
        }
    }
}
