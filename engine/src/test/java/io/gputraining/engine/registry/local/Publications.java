package io.gputraining.engine.registry.local;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactCollector;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Publications of real files, selected and hashed by {@link ArtifactCollector} as the training flow does. */
public final class Publications {

    private Publications() {
    }

    /** Every file under {@code outputDir}. */
    public static List<ArtifactFile> select(Path outputDir) throws InterruptedException {
        return new ArtifactCollector().collect(outputDir, List.of("**"), LogSink.discarding(), ProgressListener.ignoring());
    }

    public static ModelPublication of(String model, String key, List<ArtifactFile> artifacts, String alias) {
        return new ModelPublication(model, key, artifacts, Map.of("lr", "0.001", "epochs", "3"),
                Map.of("loss", 0.125, "accuracy", 0.97),
                List.of(new MetricPoint("loss", 0.5, 1, 1_700_000_000_000L), new MetricPoint("loss", 0.125, 2, 1_700_000_060_000L)),
                Map.of("image.digest", "sha256:" + "ab".repeat(32), "git.commit", "0123456789abcdef"),
                ("{\"run\": \"" + key + "\"}").getBytes(StandardCharsets.UTF_8), alias);
    }

    /** A directory holding one file named for the key, with the key as content; reused when present. */
    public static Path outputFor(Path workDir, String key) throws IOException {
        Path dir = workDir.resolve(key);
        Path file = dir.resolve("model.bin");
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            Files.writeString(file, "weights of " + key, StandardCharsets.UTF_8);
        }
        return dir;
    }
}
