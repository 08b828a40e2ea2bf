package io.gputraining.engine.image;

import java.io.Serializable;
import java.time.Duration;

/**
 * An image present on the Docker host, pinned: what lineage records and what containers are created from.
 *
 * @param requested       the reference as asked for
 * @param pinned          the content that runs: the name with the manifest digest the registry has for it, or the
 *                        image ID when no registry vouches for the image ({@link #isLocal()})
 * @param imageId         the daemon's image ID (config digest)
 * @param origin          why this image is the one: pulled, present, taken from the daemon's cache, local-only
 * @param bytesDownloaded compressed bytes downloaded by the pull, 0 when none
 * @param took            time spent resolving and pulling
 */
public record PreparedImage(ImageReference requested, ImageReference pinned, String imageId, Origin origin,
                            long bytesDownloaded, Duration took) implements Serializable {

    /** Why the image that runs is this one. */
    public enum Origin {
        /** Pulled from the registry by this call. */
        PULLED("pulled"),
        /** The content asked for (a digest, an image ID, or what the registry's tag names now) was already here. */
        PRESENT("present"),
        /** A tag the daemon had, used without asking the registry (pull: missing or never); it came from a registry. */
        CACHED("cached"),
        /** Only this daemon has it (built or loaded here): no registry vouches for it; pinned to its image ID. */
        LOCAL_ONLY("local-only");

        private final String word;

        Origin(String word) {
            this.word = word;
        }

        /** How the log and the run manifest say it. */
        public String word() {
            return word;
        }
    }

    /** The reference to create containers from: exactly the pinned content. */
    public String daemonReference() {
        return pinned.daemonReference();
    }

    /** The registry's manifest digest, or null when the image is pinned by its image ID. */
    public String digest() {
        return pinned instanceof ImageRef ref ? ref.digest() : null;
    }

    /** For people: the pin, and for an image pinned by ID the name it was asked by too. */
    public String describe() {
        return isLocal() && !requested.equals(pinned) ? requested + " (image " + pinned + ")" : pinned.toString();
    }

    /** Whether this call pulled it. */
    public boolean pulled() {
        return origin == Origin.PULLED;
    }

    /**
     * Whether the image is pinned by its ID, not by a registry's digest: to run it elsewhere (a reproduction),
     * that host's daemon needs it built or loaded ({@code docker save} here, {@code docker load} there).
     */
    public boolean isLocal() {
        return pinned instanceof ImageId;
    }
}
