package io.gputraining.engine.artifacts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes real files and links under a directory for the tests. */
public final class FileTree {

    private final Path root;

    public FileTree(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** A file holding {@code content} (UTF-8), with its parents. */
    public Path file(String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    /** A file of {@code size} pseudo-random bytes (seeded, so reruns write the same), written in chunks. */
    public Path randomFile(String path, long size, long seed) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return p;
    }

    /** A symbolic link at {@code path} pointing at {@code target} (as given: relative or absolute). */
    public Path link(String path, Path target) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        return Files.createSymbolicLink(p, target);
    }

    public Path dir(String path) throws IOException {
        return Files.createDirectories(root.resolve(path));
    }
}
