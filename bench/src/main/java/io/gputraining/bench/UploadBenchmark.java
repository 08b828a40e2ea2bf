package io.gputraining.bench;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.artifacts.ArtifactCollector;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistries;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.registry.mlflow.MlflowSettings;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.registry.RegisteredModel;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P3, the engine's half: registers one big file as a model version and prints the upload time and the
 * largest heap seen while doing it. {@code bench/upload.sh} runs it under a small -Xmx next to curl -T.
 *
 * <p>Usage: {@code UploadBenchmark REGISTRY FILE} with REGISTRY as {@code oci:host:port/repo} or {@code mlflow:URL}.
 */
public final class UploadBenchmark {

    private UploadBenchmark() {
    }

    /** The registry's own log lines on stderr, with the seconds since the upload started. */
    private static LogSink timestamped(long t0) {
        return new LogSink() {
            @Override
            public void message(String line) {
                System.err.printf(Locale.ROOT, "  [%6.2f s] %s%n", (System.nanoTime() - t0) / 1e9, line);
            }

            @Override
            public void output(OutputStreamKind stream, byte[] data, int offset, int length) {
            }
        };
    }

    public static void main(String[] args) throws Exception {
        // The test environment's MLflow runs with HTTP Basic auth; its credentials come from .testenv/env.
        String user = System.getenv("GT_TEST_MLFLOW_USER");
        RegistryAuth auth = args[0].startsWith("mlflow:") && user != null && !user.isEmpty()
                ? RegistryAuth.usernamePassword(user, System.getenv("GT_TEST_MLFLOW_PASSWORD")) : null;
        ModelRegistryConfig config = ModelRegistryConfig.parse(args[0], auth);
        Path file = Path.of(args[1]).toAbsolutePath();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong maxHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        List<ArtifactFile> artifacts = new ArtifactCollector().collect(file.getParent(), List.of(file.getFileName().toString()),
                LogSink.discarding(), p -> { });
        ModelPublication publication = new ModelPublication("upload-bench-" + UUID.randomUUID().toString().substring(0, 8),
                UUID.randomUUID().toString(), artifacts, Map.of(), Map.of(), List.of(), Map.of(), "{}".getBytes(), null);
        long t0 = System.nanoTime();
        // P3 measures the default path: the registry exactly as a user gets it. MLFLOW_VERIFY=read-back measures
        // the other MLflow mode.
        String verify = System.getenv("MLFLOW_VERIFY");
        if (verify != null && !verify.isBlank()) {
            config = config.withMlflowVerification(MlflowSettings.Verification.parse(verify));
        }
        ModelRegistry registry = ModelRegistries.open(config);
        RegisteredModel model = registry.register(publication, timestamped(t0), p -> { });
        double seconds = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        long bytes = artifacts.get(0).size();
        System.out.println(String.format(Locale.ROOT, "engine upload: %.2f s, %.1f MiB/s, max heap used %.1f MiB (of -Xmx %d MiB): %s%s",
                seconds, bytes / seconds / (1 << 20), maxHeap.get() / (double) (1 << 20), Runtime.getRuntime().maxMemory() >> 20, model.uri(),
                config.kind() == ModelRegistryConfig.Kind.MLFLOW ? " (verification " + config.mlflowVerification().label() + ")" : ""));
        // What bench/upload.sh removes again afterwards (a benchmark run stores gigabytes).
        if (config.kind() == ModelRegistryConfig.Kind.MLFLOW) {
            String source = model.details().getOrDefault("source", "");
            System.out.println("created: mlflow-model " + model.modelName() + " mlflow-artifacts "
                    + source.replaceFirst("^mlflow-artifacts:(//[^/]*)?/", "").replaceFirst("/model$", ""));
        }
    }
}
