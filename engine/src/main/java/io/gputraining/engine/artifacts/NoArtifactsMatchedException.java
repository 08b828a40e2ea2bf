package io.gputraining.engine.artifacts;

import java.util.List;

/** No file matched any pattern: a model version without files is never what was meant. */
public class NoArtifactsMatchedException extends ArtifactSelectionException {
    private static final long serialVersionUID = 1L;

    private final List<String> patterns;

    /**
     * @param patterns the patterns as given
     * @param root     the artifact root
     * @param existing a few files that do exist under the root, relative to it
     * @param hints    pattern-specific advice, e.g. that a pattern names a directory
     */
    public NoArtifactsMatchedException(List<String> patterns, String root, List<String> existing, List<String> hints) {
        super("No file under " + root + " matches the artifact patterns " + quoted(patterns) + ". "
                + (existing.isEmpty() ? "The directory holds no files at all: did the training write its output"
                        + " somewhere else?"
                        : "Files that do exist there include: " + String.join(", ", existing) + ".")
                + (hints.isEmpty() ? "" : " " + String.join(" ", hints))
                + " Patterns are globs relative to the root; '**' matches any number of directories.");
        this.patterns = List.copyOf(patterns);
    }

    public List<String> patterns() {
        return patterns;
    }

    private static String quoted(List<String> patterns) {
        return patterns.stream().map(p -> "'" + p + "'").toList().toString();
    }
}
