package io.gputraining.reliability.registry;

import io.gputraining.reliability.Sha256;

import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training output one trial registers: a checkpoint of a few MiB (so a reset can land mid-body), a
 * tokenizer file and a config, all of fresh content (an OCI registry would otherwise skip blobs it has),
 * with params, metrics, lineage tags and a run manifest listing the files.
 */
final class TrialPublication {

    static final int CHECKPOINT_BYTES = 3 << 20;
    static final int TOKENIZER_BYTES = 200_000;

    private TrialPublication() {
    }

    /** Writes the files under {@code dir} and returns the publication of them. */
    static ModelPublication write(Path dir, String model, String key, String alias, Random random) throws IOException {
        List<ArtifactFile> files = new ArrayList<>();
        files.add(file(dir, "checkpoints/model.pt", bytes(random, CHECKPOINT_BYTES)));
        files.add(file(dir, "tokenizer.json", bytes(random, TOKENIZER_BYTES)));
        files.add(file(dir, "config.json", ("{\"hidden\":256,\"layers\":6,\"trial\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8)));
        StringBuilder manifest = new StringBuilder("{\"model\":\"" + model + "\",\"idempotencyKey\":\"" + key + "\",\"artifacts\":[");
        for (int i = 0; i < files.size(); i++) {
            manifest.append(i == 0 ? "" : ",").append("{\"path\":\"").append(files.get(i).path()).append("\",\"sha256\":\"")
                    .append(files.get(i).sha256()).append("\"}");
        }
        manifest.append("]}");
        List<MetricPoint> history = List.of(new MetricPoint("loss", 2.0, 0, 1_700_000_000_000L),
                new MetricPoint("loss", 0.5, 1, 1_700_000_001_000L));
        return new ModelPublication(model, key, files, Map.of("learning_rate", "0.0003", "epochs", "2"),
                Map.of("loss", 0.5, "accuracy", 0.9375), history,
                Map.of("gpu_training.git_commit", "3f2c1a9", "gpu_training.build", "registry-faults"),
                manifest.toString().getBytes(StandardCharsets.UTF_8), alias);
    }

    static String sha256(byte[] content) {
        return Sha256.of(content).hex();
    }

    private static byte[] bytes(Random random, int size) {
        byte[] content = new byte[size];
        random.nextBytes(content);
        return content;
    }

    private static ArtifactFile file(Path dir, String path, byte[] content) throws IOException {
        Path local = dir.resolve(path);
        Files.createDirectories(local.getParent());
        Files.write(local, content);
        return new ArtifactFile(path, local.toString(), content.length, sha256(content));
    }
}
