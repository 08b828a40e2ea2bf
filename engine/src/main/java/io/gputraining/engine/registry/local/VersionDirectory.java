package io.gputraining.engine.registry.local;

import io.gputraining.engine.registry.ModelPublication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Builds one version directory under {@code tmp/} and publishes it with a single rename, so that readers see
 * either no version or a complete one. Its blobs must be stored already. The directory holds
 * {@code manifest.json}, {@code idempotency-key}, {@code run-manifest.json} and {@code files/<artifact path>},
 * the last two as hard links to their blobs (relative symbolic links where hard links are not allowed).
 */
final class VersionDirectory {

    private final LocalRegistryLayout layout;

    VersionDirectory(LocalRegistryLayout layout) {
        this.layout = layout;
    }

    /**
     * Writes and publishes {@code manifest} as {@code versions/<manifest.version()>}; the caller holds the
     * model's lock and has checked that the version does not exist.
     *
     * @return the manifest's bytes, as written
     * @throws InterruptedException when interrupted before the rename; nothing is published then
     */
    byte[] publish(VersionManifest manifest) throws IOException, InterruptedException {
        String name = manifest.modelName();
        Path target = layout.version(name, manifest.version());
        Files.createDirectories(layout.tmp());
        Files.createDirectories(target.getParent());
        Path staging = layout.tmp().resolve("version-" + name + "-" + manifest.version() + "-" + UUID.randomUUID());
        Files.createDirectory(staging);
        try {
            byte[] json = manifest.toJson();
            writeSynced(staging.resolve(LocalRegistryLayout.MANIFEST), json);
            writeSynced(staging.resolve(LocalRegistryLayout.IDEMPOTENCY_KEY),
                    manifest.idempotencyKey().getBytes(StandardCharsets.UTF_8));
            link(staging, target, ModelPublication.MANIFEST_FILE, manifest.runManifest().sha256());
            for (VersionManifest.Artifact a : manifest.artifacts()) {
                link(staging, target, LocalRegistryLayout.FILES + "/" + a.path(), a.sha256());
            }
            BlobStore.syncDirectory(staging);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before version " + manifest.version() + " was published");
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            BlobStore.syncDirectory(target.getParent());
            return json;
        } finally {
            deleteTree(staging);
        }
    }

    /** Writes {@code content} to {@code file} (which is replaced atomically) and makes it durable. */
    void replaceSynced(Path file, byte[] content) throws IOException {
        Files.createDirectories(layout.tmp());
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(layout.tmp(), file.getFileName().toString() + "-", ".partial");
        try {
            writeSynced(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            BlobStore.syncDirectory(file.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void link(Path staging, Path target, String relative, String sha256) throws IOException {
        Path link = staging.resolve(relative).normalize();
        if (!link.startsWith(staging) || link.equals(staging)) {
            throw new IOException("artifact path '" + relative + "' does not stay inside the version directory");
        }
        Files.createDirectories(link.getParent());
        Path blob = layout.blob(sha256);
        try {
            Files.createLink(link, blob);
        } catch (UnsupportedOperationException | FileSystemException e) {
            // Hard links are refused across users (fs.protected_hardlinks) and on some file systems; a link
            // relative to where the version will be keeps working if the whole registry moves.
            Path finalParent = target.resolve(staging.relativize(link)).getParent();
            Files.createSymbolicLink(link, finalParent.relativize(blob));
        }
    }

    private static void writeSynced(Path file, byte[] content) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                c.write(b);
            }
            c.force(true);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
