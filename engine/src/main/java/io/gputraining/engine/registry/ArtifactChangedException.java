package io.gputraining.engine.registry;

import io.gputraining.engine.EngineException;

/**
 * An artifact file vanished or changed between its selection (when it was hashed) and its storing or upload:
 * something still writes it. Thrown before its content is stored under a digest it does not have.
 */
public class ArtifactChangedException extends EngineException {
    private static final long serialVersionUID = 1L;

    /**
     * @param artifact  the artifact's path in the model version
     * @param localPath the file on disk
     * @param what      how it differs, e.g. {@code its size is 12 bytes, not the 10 it had when it was selected}
     */
    public ArtifactChangedException(String artifact, String localPath, String what) {
        super("the artifact '" + artifact + "' (" + localPath + ") changed after it was selected: " + what + ". Something"
                + " still writes it: let the training finish writing (and close) its files before the artifacts are"
                + " collected, then register again");
    }
}
