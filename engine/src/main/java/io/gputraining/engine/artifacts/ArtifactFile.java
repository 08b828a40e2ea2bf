package io.gputraining.engine.artifacts;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One file selected for a model version: where it is, what it is called in the version, and what it holds.
 *
 * @param path      forward-slash path relative to the collection root, e.g. {@code checkpoints/model.pt};
 *                  this is its name in every registry
 * @param localPath absolute path of the file on the agent
 * @param size      bytes
 * @param sha256    lower-case hex sha256 of the content, computed while reading it once
 */
public record ArtifactFile(String path, String localPath, long size, String sha256) implements Serializable {

    public ArtifactFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(localPath, "localPath");
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.equals("..") || path.startsWith("../")
                || path.contains("/../") || path.endsWith("/..")) {
            throw new IllegalArgumentException("artifact path must be relative and stay inside its root: '" + path + "'");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    public Path local() {
        return Path.of(localPath);
    }

    /** {@code sha256:<hex>}, the OCI form of the digest. */
    public String digest() {
        return "sha256:" + sha256;
    }
}
