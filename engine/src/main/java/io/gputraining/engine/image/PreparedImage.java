package io.gputraining.engine.image;

import java.io.Serializable;
import java.time.Duration;

/**
 * An image present on the Docker host, pinned: what lineage records and what containers are created from.
 *
 * @param requested       the reference as asked for
 * @param pinned          the same reference with the digest it resolved to
 * @param imageId         the daemon's image id (config digest)
 * @param pulled          whether this call pulled it
 * @param bytesDownloaded compressed bytes downloaded by the pull, 0 when none
 * @param took            time spent resolving and pulling
 */
public record PreparedImage(ImageRef requested, ImageRef pinned, String imageId, boolean pulled, long bytesDownloaded,
                            Duration took) implements Serializable {

    /** The reference to create containers from: exactly the pinned content. */
    public String daemonReference() {
        return pinned.daemonReference();
    }

    public String digest() {
        return pinned.digest();
    }
}
