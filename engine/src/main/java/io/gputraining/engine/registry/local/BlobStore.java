package io.gputraining.engine.registry.local;

import io.gputraining.engine.registry.ArtifactChangedException;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.artifacts.ByteProgress;
import io.gputraining.engine.artifacts.StreamingSha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.LongConsumer;

/**
 * The content-addressed files of a local registry, {@code blobs/sha256/<hex>}. A blob appears only complete
 * and verified: it is written to a temporary file on the same file system, hashed while copied, synced to
 * disk, made read-only and then renamed into place. A blob that is already there is reused.
 */
final class BlobStore {

    private final LocalRegistryLayout layout;

    BlobStore(LocalRegistryLayout layout) {
        this.layout = layout;
    }

    /**
     * Stores an artifact's content under its sha256, checking that the file still has the selected content.
     *
     * @return true when it was copied, false when the blob was there already
     * @throws ArtifactChangedException the file's content differs from {@link ArtifactFile#sha256()}
     * @throws NoSuchFileException      the file is gone
     * @throws InterruptedException     between chunks; the temporary file is removed
     */
    boolean store(ArtifactFile artifact, ByteProgress progress) throws IOException, InterruptedException {
        Path blob = layout.blob(artifact.sha256());
        if (present(blob, artifact.size())) {
            progress.advance(artifact.size());
            return false;
        }
        try (InputStream in = Files.newInputStream(artifact.local())) {
            write(in, blob, progress::advance, (sha256, size) -> {
                if (!sha256.equals(artifact.sha256()) || size != artifact.size()) {
                    throw new ArtifactChangedException(artifact.path(), artifact.localPath(), "it had " + artifact.size()
                            + " bytes with sha256 " + artifact.sha256() + ", now " + size + " bytes with sha256 " + sha256);
                }
            });
        }
        return true;
    }

    /** Stores bytes under their sha256; returns it. */
    String store(byte[] content) throws IOException, InterruptedException {
        String sha256 = StreamingSha256.of(content);
        Path blob = layout.blob(sha256);
        if (!present(blob, content.length)) {
            write(new ByteArrayInputStream(content), blob, done -> { }, (s, n) -> { });
        }
        return sha256;
    }

    private interface Verification {
        void check(String sha256, long size) throws IOException;
    }

    private void write(InputStream in, Path blob, LongConsumer progress, Verification verify) throws IOException, InterruptedException {
        Files.createDirectories(layout.blobs());
        Files.createDirectories(layout.tmp());
        Path temp = Files.createTempFile(layout.tmp(), "blob-", ".partial");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                StreamingSha256.Result r = StreamingSha256.copy(in, out, progress);
                verify.check(r.sha256(), r.size());
                channel.force(true);
            }
            readOnly(temp);
            // Another writer may have stored the same content meanwhile; renaming over it replaces equal bytes.
            Files.move(temp, blob, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(layout.blobs());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean present(Path blob, long size) throws IOException {
        // A blob is only ever renamed into place complete; the size check catches damage from outside.
        return Files.isRegularFile(blob) && Files.size(blob) == size;
    }

    private static void readOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort: read-only only guards against accidental writes through a version's links.
        }
    }

    /** Makes a rename in {@code dir} durable; best effort where the file system cannot sync directories. */
    static void syncDirectory(Path dir) {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened and synced; the rename itself is still atomic.
        }
    }
}
