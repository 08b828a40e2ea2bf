package io.gputraining.engine.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.ProgressListener.Progress;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.ModelPublication;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registration interrupted in the middle of an upload stops, registers nothing, and marks its run FAILED. */
class MlflowInterruptTest {

    private static final long SIZE = 512L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void anInterruptDuringAnUploadStopsItAndLeavesNoVersion() throws Exception {
        MlflowServer server = new MlflowServer();
        String experiment = MlflowServer.unique("interrupt-test");
        String model = MlflowServer.unique("interrupted");
        Path file = dir.resolve("big.bin");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(SIZE); // sparse: large without filling the disk
        }
        ArtifactFile artifact = new ArtifactFile("big.bin", file.toString(), SIZE, TrainingOutput.sha256(file));
        ModelPublication publication = new ModelPublication(model, "k", List.of(artifact), Map.of(), Map.of(), List.of(),
                Map.of(), "{}".getBytes(StandardCharsets.UTF_8), null);
        CountDownLatch uploading = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        RecordingLog log = new RecordingLog();
        Thread registering = new Thread(() -> {
            try {
                new MlflowModelRegistry(server.settings(experiment)).register(publication, log, (Progress p) -> {
                    if (p.doneBytes() > 4 << 20) {
                        uploading.countDown();
                    }
                });
                outcome.set(new AssertionError("registered although interrupted"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        registering.start();
        assertThat(uploading.await(60, TimeUnit.SECONDS)).isTrue();
        long interruptedAt = System.nanoTime();

        registering.interrupt();
        registering.join(30_000);

        assertThat(registering.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interruptedAt)).isLessThan(10_000);
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(log.messages()).anyMatch(m -> m.contains("interrupted while uploading model/big.bin"));
        assertThat(server.versionsOf(model)).isEmpty();
        assertThat(server.runsWithKey(experiment, "k")).extracting(r -> r.path("info").path("status").asText())
                .containsExactly("FAILED");
    }
}
