package io.gputraining.engine.artifacts;

/** A selection pattern is empty, absolute, climbs out of the root with {@code ..}, or is not a valid glob. */
public class InvalidArtifactPatternException extends ArtifactSelectionException {
    private static final long serialVersionUID = 1L;

    private final String pattern;

    public InvalidArtifactPatternException(String pattern, String why) {
        super("Artifact pattern '" + pattern + "' is not usable: " + why + ". Patterns are globs relative to the"
                + " artifact root, e.g. 'checkpoints/**/*.pt', 'metrics.json' or '**' for everything.");
        this.pattern = pattern;
    }

    /** The pattern as it was given. */
    public String pattern() {
        return pattern;
    }
}
