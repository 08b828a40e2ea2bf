package io.gputraining.engine.registry.mlflow;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.RegisteredModel;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registers one large file, run by {@link MlflowLargeUploadTest} in a JVM with a heap smaller than the file.
 * Arguments: url experiment model key file sha256; the credentials come in MLFLOW_TEST_USER / _PASSWORD.
 * Prints {@code version=N}, {@code progress=BYTES} and {@code peak-heap=BYTES} lines.
 */
public final class LargeUploadMain {

    private LargeUploadMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[4]);
        ArtifactFile artifact = new ArtifactFile(file.getFileName().toString(), file.toString(), Files.size(file), args[5]);
        MlflowSettings settings = MlflowSettings.of(args[0], RegistryAuth.usernamePassword(
                System.getenv("MLFLOW_TEST_USER"), System.getenv("MLFLOW_TEST_PASSWORD"))).withExperiment(args[1]);
        AtomicLong lastProgress = new AtomicLong();
        ModelPublication publication = new ModelPublication(args[2], args[3], List.of(artifact), Map.of(), Map.of(),
                List.of(), Map.of(), "{}".getBytes(StandardCharsets.UTF_8), null);
        RegisteredModel registered = new MlflowModelRegistry(settings).register(publication, LogSink.discarding(), p -> {
            if (p.task().startsWith("upload")) {
                lastProgress.set(p.doneBytes());
            }
        });
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("version=" + registered.version());
        System.out.println("progress=" + lastProgress.get());
        System.out.println("peak-heap=" + peakHeap);
    }
}
