package io.gputraining.engine.artifacts;

import io.gputraining.engine.LogSink;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;

/**
 * One walk for one pattern, following links: adds every matching regular file (relative path → real path) and
 * refuses anything that leads outside the root. See {@link ArtifactCollector} for the rules on links.
 */
final class PatternWalk extends SimpleFileVisitor<Path> {

    /** Carries an interrupt out of the visitor, which may only throw unchecked exceptions. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private final Path realRoot;
    private final ArtifactPattern pattern;
    private final List<PathMatcher> matchers;
    private final Map<String, Path> selected;
    private final LogSink log;

    PatternWalk(Path realRoot, ArtifactPattern pattern, Map<String, Path> selected, LogSink log) {
        this.realRoot = realRoot;
        this.pattern = pattern;
        this.matchers = pattern.matchers();
        this.selected = selected;
        this.log = log;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        checkInterrupt();
        Path real = dir.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new ArtifactOutsideRootException(rel(dir), real.toString(), realRoot.toString(), true);
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        checkInterrupt();
        String rel = rel(file);
        if (attrs.isDirectory() || selected.containsKey(rel) || !matches(rel)) {
            return FileVisitResult.CONTINUE; // directories only arrive here at the depth limit
        }
        if (attrs.isSymbolicLink()) {
            // Following links, the walk only reports a link itself when it cannot be followed.
            log.message("Artifact '" + rel + "' skipped: it is a broken symbolic link to "
                    + Files.readSymbolicLink(file) + " (pattern '" + pattern.text() + "')");
        } else if (!attrs.isRegularFile()) {
            log.message("Artifact '" + rel + "' skipped: it is not a regular file (a pipe, socket or device)");
        } else {
            Path real = file.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new ArtifactOutsideRootException(rel, real.toString(), realRoot.toString(), false);
            }
            selected.put(rel, real);
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException exc) {
        if (exc instanceof FileSystemLoopException) {
            log.message("Artifact directory '" + rel(file) + "' not followed: it is a symbolic link back to a"
                    + " directory that contains it");
            return FileVisitResult.CONTINUE;
        }
        throw new ArtifactReadException(rel(file), exc);
    }

    private boolean matches(String rel) {
        Path p = Path.of(rel);
        for (PathMatcher m : matchers) {
            if (m.matches(p)) {
                return true;
            }
        }
        return false;
    }

    private String rel(Path path) {
        return ArtifactCollector.relative(realRoot, path);
    }

    private static void checkInterrupt() {
        if (Thread.interrupted()) {
            throw new Interrupted();
        }
    }
}
