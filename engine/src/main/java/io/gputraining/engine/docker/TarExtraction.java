package io.gputraining.engine.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks the tar stream Docker sends for a copy out of a container into a host directory. Entries that
 * would land outside the directory, and links, are refused: a container is not trusted to write anywhere
 * else on the agent.
 */
final class TarExtraction {

    private final Path target;

    TarExtraction(Path target) {
        this.target = target.toAbsolutePath().normalize();
    }

    void extract(InputStream in) throws IOException {
        Files.createDirectories(target);
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path out = target.resolve(entry.getName()).normalize();
            if (!out.startsWith(target)) {
                throw new IOException("refusing archive entry outside " + target + ": " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(out);
            } else if (entry.isSymbolicLink() || entry.isLink()) {
                throw new IOException("refusing link in copied files: " + entry.getName() + " -> " + entry.getLinkName());
            } else if (entry.isFile()) {
                Files.createDirectories(out.getParent());
                Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
