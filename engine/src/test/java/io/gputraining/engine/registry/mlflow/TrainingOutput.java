package io.gputraining.engine.registry.mlflow;

import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Files a training left in an output directory, selected as artifacts, and the publication made of them. */
final class TrainingOutput {

    private final Path root;
    private final List<ArtifactFile> artifacts = new ArrayList<>();
    private final Random random = new Random(42);

    TrainingOutput(Path root) {
        this.root = root;
    }

    /** Adds a file of {@code size} random bytes at {@code path}. */
    TrainingOutput random(String path, int size) throws IOException {
        byte[] content = new byte[size];
        random.nextBytes(content);
        return file(path, content);
    }

    TrainingOutput text(String path, String content) throws IOException {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private TrainingOutput file(String path, byte[] content) throws IOException {
        Path local = root.resolve(path);
        Files.createDirectories(local.getParent());
        Files.write(local, content);
        artifacts.add(new ArtifactFile(path, local.toString(), content.length, sha256(local)));
        return this;
    }

    List<ArtifactFile> artifacts() {
        return List.copyOf(artifacts);
    }

    /** A publication with typical params, metrics (and history), lineage tags and a manifest listing the files. */
    ModelPublication publication(String model, String key, String alias) {
        StringBuilder manifest = new StringBuilder("{\"model\":\"" + model + "\",\"artifacts\":[");
        for (int i = 0; i < artifacts.size(); i++) {
            manifest.append(i == 0 ? "" : ",").append("{\"path\":\"").append(artifacts.get(i).path())
                    .append("\",\"sha256\":\"").append(artifacts.get(i).sha256()).append("\"}");
        }
        manifest.append("]}");
        List<MetricPoint> history = List.of(new MetricPoint("loss", 2.5, 0, 1_700_000_000_000L),
                new MetricPoint("loss", 1.25, 1, 1_700_000_001_000L), new MetricPoint("loss", 0.75, 2, 1_700_000_002_000L));
        return new ModelPublication(model, key, artifacts, Map.of("learning_rate", "0.001", "epochs", "3"),
                Map.of("loss", 0.5, "accuracy", 0.875), history,
                Map.of("gpu_training.git_commit", "3f2c1a9", "gpu_training.image", "127.0.0.1:45100/pytorch@sha256:" + "ab".repeat(32)),
                manifest.toString().getBytes(StandardCharsets.UTF_8), alias);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
