package io.gputraining.engine.artifacts;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * One artifact selection pattern: a {@link java.nio.file.FileSystem#getPathMatcher glob} relative to the
 * artifact root, with forward slashes, e.g. {@code checkpoints/**}{@code /*.pt}, {@code metrics.json}, {@code **}.
 *
 * <p>Beyond plain Java globs, as in Ant and {@code .gitignore}: a {@code **} segment also matches no directory
 * at all ({@code checkpoints/**}{@code /*.pt} selects {@code checkpoints/a.pt} too), and a trailing slash means
 * everything below ({@code checkpoints/} is {@code checkpoints/**}). {@code .} segments are dropped; leading and
 * trailing blanks are ignored.
 *
 * <p>Refused: empty patterns, absolute ones, patterns with a {@code ..} segment (they would leave the root) and
 * invalid globs. The leading segments without glob characters name where to start walking, so that
 * {@code checkpoints/*.pt} never walks the rest of a large workspace.
 */
public final class ArtifactPattern {

    private static final String GLOB_CHARACTERS = "*?[{\\";
    /** {@code **} segments beyond this many are not expanded to their zero-directory forms. */
    private static final int MAX_OPTIONAL_SEGMENTS = 6;

    private final String text;
    private final String glob;
    private final List<String> start;
    private final int depth;

    private ArtifactPattern(String text, String glob, List<String> start, int depth) {
        this.text = text;
        this.glob = glob;
        this.start = List.copyOf(start);
        this.depth = depth;
    }

    /**
     * Checks and normalises a pattern.
     *
     * @throws InvalidArtifactPatternException when it is empty, absolute, has a {@code ..} segment or is no glob
     */
    public static ArtifactPattern parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidArtifactPatternException(String.valueOf(text), "it is empty");
        }
        if (trimmed.startsWith("/") || trimmed.matches("^[A-Za-z]:[/\\\\].*")) {
            throw new InvalidArtifactPatternException(text, "it is absolute; it must be relative to the artifact root");
        }
        boolean everythingBelow = trimmed.endsWith("/");
        List<String> segments = new ArrayList<>();
        for (String segment : trimmed.split("/")) {
            if (segment.equals("..")) {
                throw new InvalidArtifactPatternException(text, "its '..' segment would leave the artifact root");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (everythingBelow || segments.isEmpty()) {
            segments.add("**");
        }
        int literal = 0;
        while (literal < segments.size() && isLiteral(segments.get(literal))) {
            literal++;
        }
        List<String> rest = segments.subList(literal, segments.size());
        boolean unbounded = rest.stream().anyMatch(s -> s.contains("**") || s.contains("{"));
        ArtifactPattern pattern = new ArtifactPattern(text, String.join("/", segments), segments.subList(0, literal),
                unbounded ? Integer.MAX_VALUE : rest.size());
        pattern.matchers(); // reports a bad glob now, not in the middle of a walk
        return pattern;
    }

    /** The pattern as given. */
    public String text() {
        return text;
    }

    /** The normalised glob, e.g. {@code checkpoints/**} for {@code ./checkpoints/}. */
    public String glob() {
        return glob;
    }

    /** Where walking starts: the leading segments without glob characters, relative to the root; may be empty. */
    public Path start(Path root) {
        Path p = root;
        for (String s : start) {
            p = p.resolve(s);
        }
        return p;
    }

    /** How deep below {@link #start} a match can lie; {@link Integer#MAX_VALUE} with {@code **} or braces. */
    public int depth() {
        return depth;
    }

    /** The pattern has no glob characters at all: it names one file (or, mistakenly, a directory). */
    public boolean literal() {
        return depth == 0;
    }

    /** Matchers for root-relative paths; more than one when {@code **} segments may also match nothing. */
    public List<PathMatcher> matchers() {
        List<String> segments = List.of(glob.split("/"));
        List<Integer> optional = new ArrayList<>();
        for (int i = 0; i < segments.size() - 1 && optional.size() < MAX_OPTIONAL_SEGMENTS; i++) {
            if (segments.get(i).equals("**")) {
                optional.add(i);
            }
        }
        List<PathMatcher> matchers = new ArrayList<>();
        for (int mask = 0; mask < (1 << optional.size()); mask++) {
            List<String> variant = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                int bit = optional.indexOf(i);
                if (bit < 0 || (mask & (1 << bit)) == 0) {
                    variant.add(segments.get(i));
                }
            }
            try {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + String.join("/", variant)));
            } catch (IllegalArgumentException e) { // PatternSyntaxException among them {
                throw new InvalidArtifactPatternException(text, "it is not a valid glob (" + e.getMessage().lines()
                        .findFirst().orElse("") + ")");
            }
        }
        return matchers;
    }

    private static boolean isLiteral(String segment) {
        return segment.chars().noneMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0);
    }

    @Override
    public String toString() {
        return text;
    }
}
