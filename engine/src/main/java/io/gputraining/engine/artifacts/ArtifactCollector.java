package io.gputraining.engine.artifacts;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Selects the files of a model version under a root directory (the run's output directory or the workspace)
 * by {@link ArtifactPattern glob patterns}, and hashes each one while reading it once.
 *
 * <p>Symbolic links: links whose real target lies inside the root are followed, and the file is named by the
 * link's path ({@code latest.pt -> step-900.pt} selects {@code latest.pt}; its content is read from the target).
 * A selected file, or a directory the walk enters, whose real path is outside the root is refused with
 * {@link ArtifactOutsideRootException}. Directory links that loop back to an ancestor are not followed (their
 * content is selected through the real path anyway). Broken links and special files (pipes, sockets, devices)
 * that match are skipped, with a line in the log: there is nothing to store.
 *
 * <p>Stateless and thread-safe; every call reads the file system afresh.
 */
public final class ArtifactCollector {

    /** The {@link ProgressListener.Progress#task()} under which hashing is reported. */
    public static final String TASK = "hash artifacts";

    private static final int SAMPLE_FILES = 10;

    /**
     * Selects and hashes the files under {@code root} that match any of {@code patterns}.
     *
     * @param root     directory the patterns are relative to; artifact paths are relative to it
     * @param patterns at least one {@link ArtifactPattern}; overlapping patterns select a file once
     * @param log      where skipped files are mentioned
     * @param progress told the bytes hashed of each file of {@link ByteProgress#STEP} bytes or more
     * @return the files, sorted by path, each with its size and sha256; never empty
     * @throws InvalidArtifactPatternException a pattern is empty, absolute, has {@code ..} or is no glob
     * @throws ArtifactRootNotFoundException   the root does not exist or is no directory
     * @throws ArtifactOutsideRootException    a selected file or a walked directory leads outside the root
     * @throws NoArtifactsMatchedException     no file matches
     * @throws ArtifactReadException           a file or directory cannot be read
     * @throws InterruptedException            between files, or between chunks of a file being hashed
     */
    public List<ArtifactFile> collect(Path root, List<String> patterns, LogSink log, ProgressListener progress)
            throws InterruptedException {
        if (patterns.isEmpty()) {
            throw new InvalidArtifactPatternException("", "no pattern was given; '**' selects everything");
        }
        List<ArtifactPattern> parsed = patterns.stream().map(ArtifactPattern::parse).toList();
        Path realRoot = realRoot(root);
        SortedMap<String, Path> selected = new TreeMap<>();
        for (ArtifactPattern pattern : parsed) {
            select(realRoot, pattern, selected, log);
        }
        if (selected.isEmpty()) {
            throw new NoArtifactsMatchedException(patterns, realRoot.toString(), sampleFiles(realRoot), hints(realRoot, parsed));
        }
        List<ArtifactFile> files = new ArrayList<>(selected.size());
        for (Map.Entry<String, Path> e : selected.entrySet()) {
            files.add(hash(e.getKey(), e.getValue(), progress));
        }
        return List.copyOf(files);
    }

    private static Path realRoot(Path root) {
        try {
            Path real = root.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new ArtifactRootNotFoundException(root.toString(), true);
            }
            return real;
        } catch (IOException e) {
            throw new ArtifactRootNotFoundException(root.toString(), false);
        }
    }

    private static void select(Path realRoot, ArtifactPattern pattern, Map<String, Path> selected, LogSink log)
            throws InterruptedException {
        Path start = pattern.start(realRoot);
        if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), pattern.depth(),
                    new PatternWalk(realRoot, pattern, selected, log));
        } catch (PatternWalk.Interrupted e) {
            throw new InterruptedException("artifact selection interrupted while walking " + start);
        } catch (IOException e) {
            throw new ArtifactReadException(relative(realRoot, start), e);
        }
    }

    private static ArtifactFile hash(String path, Path file, ProgressListener progress) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("artifact selection interrupted before hashing " + path);
        }
        try (InputStream in = Files.newInputStream(file)) {
            ByteProgress bytes = new ByteProgress(progress, TASK, path, "hashing", Files.size(file));
            StreamingSha256.Result r = StreamingSha256.copy(in, null, bytes::advance);
            return new ArtifactFile(path, file.toString(), r.size(), r.sha256());
        } catch (IOException e) {
            throw new ArtifactReadException(path, e);
        } catch (InterruptedException e) {
            throw new InterruptedException("artifact selection interrupted while hashing " + path + " (" + e.getMessage() + ")");
        }
    }

    /** A few files that do exist, for the message that says none matched. */
    private static List<String> sampleFiles(Path realRoot) {
        List<String> found = new ArrayList<>();
        try {
            Files.walkFileTree(realRoot, EnumSet.noneOf(FileVisitOption.class), 8, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isDirectory()) {
                        found.add(relative(realRoot, file));
                    }
                    return found.size() >= SAMPLE_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // only advice for a message; what was found so far will do
        }
        return found.stream().sorted().toList();
    }

    private static List<String> hints(Path realRoot, List<ArtifactPattern> patterns) {
        List<String> hints = new ArrayList<>();
        for (ArtifactPattern p : patterns) {
            Path start = p.start(realRoot);
            if (p.literal() && Files.isDirectory(start)) {
                hints.add("'" + p.text() + "' is a directory; write '" + p.glob() + "/' to select everything in it.");
            } else if (!start.equals(realRoot) && !Files.exists(start)) {
                hints.add("'" + relative(realRoot, start) + "' (from '" + p.text() + "') does not exist.");
            }
        }
        return hints;
    }

    static String relative(Path realRoot, Path path) {
        String rel = realRoot.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
        return rel.isEmpty() ? "." : rel;
    }
}
