package io.gputraining.engine.image;

import io.gputraining.engine.EngineException;

/** {@code requirePinned} is set and the image was given by tag only. The message says what to pin it as. */
public class ImageNotPinnedException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final String resolvedDigest;
    private final String suggestedPin;

    /**
     * The registry was asked for the tag's digest.
     *
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
                        + ref + "' or 'docker inspect --format {{index .RepoDigests 0}}' prints it;"
                        + " an image built or loaded on this host is pinned by its ID ('docker inspect --format {{.Id}}').");
        this.resolvedDigest = resolvedDigest;
        this.suggestedPin = resolvedDigest == null ? null : ref.withDigest(resolvedDigest).toString();
    }

    private ImageNotPinnedException(String message, String resolvedDigest, String suggestedPin) {
        super(message);
        this.resolvedDigest = resolvedDigest;
        this.suggestedPin = suggestedPin;
    }

    /**
     * The registry was not asked, or could not say; the daemon's own image for the tag is what would run.
     *
     * @param ref the unpinned reference
     * @param pin the daemon image's pin: the name with the digest the daemon recorded for it, or its image ID
     * @param why why the daemon's image is the one (the pull policy, or what the registry said)
     */
    public static ImageNotPinnedException inDaemon(ImageRef ref, ImageReference pin, String why) {
        boolean local = pin instanceof ImageId;
        return new ImageNotPinnedException("Image " + ref + " is not pinned, and pinned images are required. The daemon's image"
                + " for it (" + (local ? "local-only: built or loaded on this host" : "pulled from its registry earlier") + "; " + why
                + ") is " + pin + ". Pin it as " + pin
                + (local ? " (an image ID names the content; the image then runs only where it is built or loaded)."
                         : " (the tag stays for readers; the digest decides what runs)."),
                pin instanceof ImageRef r ? r.digest() : null, pin.toString());
    }

    /** The digest the tag resolves to now (or the daemon recorded for it), or null. */
    public String resolvedDigest() {
        return resolvedDigest;
    }

    /** The reference to write instead, or null when none is known. */
    public String suggestedPin() {
        return suggestedPin;
    }
}
