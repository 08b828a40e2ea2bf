package io.gputraining.engine.image;

import io.gputraining.engine.EngineException;

/**
 * Under the default pull policy the registry could not say what a tag names now, and the daemon's image for the
 * tag was pulled from that registry earlier: it may be older than the tag's current content, so it is not run
 * in its place. (An image only this daemon has, built or loaded here, is run instead of failing.)
 */
public class LocalTagUnverifiedException extends EngineException {
    private static final long serialVersionUID = 1L;

    /**
     * @param ref        the tag asked for
     * @param daemonCopy the daemon's image for it, pinned by the digest the daemon recorded when it was pulled
     * @param imageId    that image's ID
     * @param registry   why the registry could not answer (its error, or the login that could not be read)
     */
    public LocalTagUnverifiedException(ImageRef ref, ImageRef daemonCopy, String imageId, EngineException registry) {
        super("Cannot tell whether the daemon's " + ref + " is what the tag names now: " + registry.getMessage()
                + " The daemon's copy (image id " + imageId + ") was pulled from " + ref.registry() + " as " + daemonCopy
                + " and may be older than the tag's current content, so it is not run in its place. To run that copy,"
                + " pin it as " + daemonCopy + " or use pull: 'missing' (or 'never'); to run the current content, fix"
                + " the registry access and run again.", registry);
    }
}
