package io.gputraining.engine.image;

import io.gputraining.engine.EngineException;

/** {@code requirePinned} is set and the image was given by tag only. */
public class ImageNotPinnedException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final String resolvedDigest;

    /**
     * @param ref            the unpinned reference
     * @param resolvedDigest what the tag resolves to now, or null when it could not be resolved
     * @param whyUnresolved  why it could not be resolved, when {@code resolvedDigest} is null
     */
    public ImageNotPinnedException(ImageRef ref, String resolvedDigest, String whyUnresolved) {
        super(resolvedDigest != null
                ? "Image " + ref + " is not pinned to a digest, and pinned images are required. Its tag currently resolves to "
                        + resolvedDigest + ". Pin it as " + ref.withDigest(resolvedDigest)
                        + " (the tag stays for readers; the digest decides what runs)."
                : "Image " + ref + " is not pinned to a digest, and pinned images are required. Its digest could not be resolved ("
                        + whyUnresolved + "). Pin it as " + ref + "@sha256:<digest> — 'docker buildx imagetools inspect "
                        + ref + "' or 'docker inspect --format {{index .RepoDigests 0}}' prints it.");
        this.resolvedDigest = resolvedDigest;
    }

    /** The digest the tag resolves to now, or null. */
    public String resolvedDigest() {
        return resolvedDigest;
    }
}
