package io.gputraining.engine.image;

/** A pinned image whose digest the registry does not have (never pushed there, or deleted). */
public class ImageDigestNotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public ImageDigestNotFoundException(ImageRef pinned, String registrySaid) {
        super("Image " + pinned + " was not found: " + pinned.registry() + " has no manifest " + pinned.digest() + " in "
                + pinned.repository() + " (" + registrySaid + "). A digest never moves: check that this image was pushed to this"
                + " registry and the digest has no typo, or re-pin it from its tag.");
    }
}
