package io.gputraining.engine.image;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A daemon's image ID: the sha256 of the image's configuration, which names its content on every host. No
 * registry serves an image by it, so an image known by ID runs only where it was built or loaded.
 *
 * @param value {@code sha256:<64 lower-case hex>}
 */
public record ImageId(String value) implements ImageReference {

    private static final String PREFIX = "sha256:";
    private static final Pattern FULL = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern WRITTEN = Pattern.compile("(?:sha256:)?[0-9a-f]{64}");

    public ImageId {
        Objects.requireNonNull(value, "value");
        if (!FULL.matcher(value).matches()) {
            throw new InvalidImageReferenceException(value, "an image ID is sha256:<64 lower-case hex digits>; "
                    + "'docker inspect --format {{.Id}} IMAGE' prints it");
        }
    }

    /** True when {@code reference} is written as a full image ID, {@code sha256:<hex>} or the 64 hex digits alone. */
    static boolean matches(String reference) {
        return reference != null && WRITTEN.matcher(reference).matches();
    }

    /** An image ID as users write it: {@code sha256:<64 hex>} or the 64 hex digits. */
    public static ImageId parse(String reference) {
        String hex = reference.startsWith(PREFIX) ? reference.substring(PREFIX.length()) : reference;
        return new ImageId(PREFIX + hex);
    }

    /** The first 12 hex digits, as {@code docker images} prints an ID. */
    public String shortId() {
        return value.substring(PREFIX.length(), PREFIX.length() + 12);
    }

    @Override
    public boolean isPinned() {
        return true;
    }

    @Override
    public String daemonReference() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
