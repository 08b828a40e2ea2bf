package io.gputraining.engine.registry.oci;

import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.ModelPublication;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** The files of a small trained model, and publications of them, as the pipeline would hand them over. */
final class ModelFixture {

    static final Map<String, String> LINEAGE = Map.of("image.digest", "sha256:" + "ab".repeat(32), "git.commit",
            "3f2c1e9a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e", "build.url", "http://127.0.0.1:8080/job/train/42/");

    private ModelFixture() {
    }

    /** A model name no earlier run has used: tests share one persistent registry. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** {@code checkpoints/model.pt} (3 MiB of random bytes), {@code config.json} and {@code train.py}, under {@code root}. */
    static List<ArtifactFile> threeFiles(Path root) throws IOException {
        byte[] weights = new byte[3 << 20];
        new Random().nextBytes(weights); // fresh content: the registry must not already have it
        return List.of(write(root, "checkpoints/model.pt", weights),
                write(root, "config.json", ("{\"hidden\":128,\"layers\":4,\"seed\":\"" + UUID.randomUUID() + "\"}")
                        .getBytes(StandardCharsets.UTF_8)),
                write(root, "train.py", ("import torch\nprint('trained', '" + UUID.randomUUID() + "')\n").getBytes(StandardCharsets.UTF_8)));
    }

    static ArtifactFile write(Path root, String path, byte[] content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return hashed(root, path);
    }

    /** The artifact of a file already under {@code root}, hashed by streaming it. */
    static ArtifactFile hashed(Path root, String path) throws IOException {
        Path file = root.resolve(path);
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return new ArtifactFile(path, file.toAbsolutePath().toString(), Files.size(file), HexFormat.of().formatHex(sha256.digest()));
    }

    static ModelPublication publication(String model, String key, List<ArtifactFile> files, String alias) {
        byte[] runManifest = ("{\"model\":\"" + model + "\",\"idempotencyKey\":\"" + key + "\",\"command\":[\"python\",\"train.py\"]}")
                .getBytes(StandardCharsets.UTF_8);
        return new ModelPublication(model, key, files, Map.of("lr", "0.001", "epochs", "3"), Map.of("loss", 0.25),
                List.of(new ModelPublication.MetricPoint("loss", 0.25, 3, 1_700_000_000_000L)), LINEAGE, runManifest, alias);
    }
}
