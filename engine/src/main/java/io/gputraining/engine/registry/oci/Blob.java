package io.gputraining.engine.registry.oci;

import io.gputraining.engine.registry.ArtifactChangedException;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.http.FileBodyPublisher;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One blob to push: an artifact file streamed from disk, or a small document held in memory (the run manifest,
 * the config).
 *
 * @param name      what to call it in logs and errors: the artifact's path, or {@code config}
 * @param mediaType its media type in the manifest
 * @param digest    {@code sha256:<hex>}
 * @param size      bytes
 * @param file      the file to stream, or null for {@code content}
 * @param content   the bytes, or null for {@code file}
 */
record Blob(String name, String mediaType, String digest, long size, Path file, byte[] content) {

    static Blob of(ArtifactFile artifact) {
        return new Blob(artifact.path(), OciMediaTypes.forPath(artifact.path()), artifact.digest(), artifact.size(),
                artifact.local(), null);
    }

    static Blob of(String name, String mediaType, byte[] content) {
        return new Blob(name, mediaType, digestOf(content), content.length, null, content.clone());
    }

    /**
     * The body to upload; a file must still be there with the size it had when it was hashed.
     *
     * @throws ArtifactChangedException when the file is gone or its size changed since it was selected
     */
    HttpRequest.BodyPublisher body(String task, ProgressListener progress) {
        if (file == null) {
            return HttpRequest.BodyPublishers.ofByteArray(content);
        }
        try {
            long now = Files.size(file);
            if (now != size) {
                throw new ArtifactChangedException(name, file.toString(), "its size is " + now + " bytes, not the " + size
                        + " it had when it was selected and hashed");
            }
            return FileBodyPublisher.of(file, task, progress);
        } catch (FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new ArtifactChangedException(name, file.toString(), "it no longer exists");
        } catch (IOException e) {
            throw new ArtifactChangedException(name, file.toString(), "it cannot be read (" + e.getMessage() + ")");
        }
    }

    static String digestOf(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
