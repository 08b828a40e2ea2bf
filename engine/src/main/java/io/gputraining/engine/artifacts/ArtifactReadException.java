package io.gputraining.engine.artifacts;

import java.io.IOException;

/** A file or directory of the selection could not be read (permissions, I/O error, vanished meanwhile). */
public class ArtifactReadException extends ArtifactSelectionException {
    private static final long serialVersionUID = 1L;

    public ArtifactReadException(String path, IOException cause) {
        super("Cannot read '" + path + "' while selecting artifacts: " + cause
                + ". Check that the agent's user may read it and that nothing deletes or rewrites it while the"
                + " step collects artifacts; or leave it out of the patterns.", cause);
    }
}
