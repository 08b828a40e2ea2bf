package io.gputraining.engine.artifacts;

/** The directory to select artifacts from does not exist, or is not a directory. */
public class ArtifactRootNotFoundException extends ArtifactSelectionException {
    private static final long serialVersionUID = 1L;

    public ArtifactRootNotFoundException(String root, boolean exists) {
        super("The artifact root " + root + (exists ? " is not a directory" : " does not exist")
                + ". Artifacts are selected relative to the run's output directory or workspace: check that the"
                + " training wrote its output there, and that the root is the directory, not a file in it.");
    }
}
