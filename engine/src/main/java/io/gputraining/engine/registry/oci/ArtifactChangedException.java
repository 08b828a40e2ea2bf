package io.gputraining.engine.registry.oci;

import io.gputraining.engine.EngineException;
import java.nio.file.Path;

/** An artifact file vanished or changed between its selection (when it was hashed) and its upload. */
class ArtifactChangedException extends EngineException {
    private static final long serialVersionUID = 1L;

    ArtifactChangedException(String artifact, Path file, String what) {
        super("Artifact " + artifact + " (" + file + ") changed after it was selected: " + what + ". Something else is "
                + "writing to the output directory; make sure the training has finished writing before registering.");
    }
}
