package io.gputraining.engine.runtime;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@link ContainerSession#copyOut} for the local runtime: a file or directory tree copied on the host, like
 * {@code docker cp} (and {@code cp -a}): the last path element is kept, existing files are replaced,
 * attributes are kept, symbolic links are copied as links, not followed.
 */
final class LocalCopy {

    private LocalCopy() {
    }

    /**
     * Copies {@code source} to {@code hostDirectory/<source's name>}, creating {@code hostDirectory}.
     * An interrupt stops between two files and leaves what was copied so far.
     *
     * @throws LocalCopyException when the source is missing, the target lies inside it, or a copy fails
     */
    static void copy(Path source, Path hostDirectory) throws InterruptedException {
        Path from = source.toAbsolutePath().normalize();
        if (from.getFileName() == null) {
            throw new LocalCopyException("Cannot copy '" + source + "' out: it names the root directory. Name the "
                    + "file or directory to copy.");
        }
        if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new LocalCopyException("Cannot copy '" + from + "' out: it does not exist on this host. Check the "
                    + "path the command writes to (relative paths are taken from the session's working directory).");
        }
        Path to = hostDirectory.toAbsolutePath().normalize().resolve(from.getFileName().toString());
        if (to.startsWith(from)) {
            throw new LocalCopyException("Cannot copy '" + from + "' into '" + hostDirectory + "': the target lies "
                    + "inside the source, so the copy would never end. Pick a directory outside it.");
        }
        try {
            Files.createDirectories(to.getParent());
            if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                copyTree(from, to);
            } else {
                Files.copy(from, to, copyOptions());
            }
        } catch (IOException e) {
            throw new LocalCopyException("Copying '" + from + "' to '" + to + "' failed: " + e + ". Check permissions "
                    + "and free space on this host.", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException, InterruptedException {
        InterruptedException[] interrupted = new InterruptedException[1];
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (Thread.interrupted()) {
                    interrupted[0] = new InterruptedException("copy of " + from + " interrupted at " + file);
                    return FileVisitResult.TERMINATE;
                }
                Files.copy(file, to.resolve(from.relativize(file).toString()), copyOptions());
                return FileVisitResult.CONTINUE;
            }
        });
        if (interrupted[0] != null) {
            throw interrupted[0];
        }
    }

    private static CopyOption[] copyOptions() {
        return new CopyOption[] {StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                LinkOption.NOFOLLOW_LINKS};
    }
}
