package io.gputraining.engine.train;

import static io.gputraining.engine.docker.DockerTestSupport.containersOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.gputraining.engine.launch.PreflightFailedException;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.local.LocalModelRegistry;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trainAndRegister end to end: the example training in the real PyTorch image, registered in the local registry. */
class TrainingFlowTest {

    private static DockerRuntime runtime;
    private static DockerImages images;

    @TempDir
    Path workspace;
    @TempDir
    Path registryRoot;
    @TempDir
    Path locks;
    private LocalModelRegistry registry;
    private String owner;

    @BeforeAll
    static void connect() {
        runtime = DockerRuntime.connect(new DockerEndpoint(TestEnvironment.dockerHost(), false, null));
        images = new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults());
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @BeforeEach
    void workspaceWithTheExample() throws IOException {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.copy(exampleScript(), workspace.resolve("train.py"));
        registry = new LocalModelRegistry(registryRoot);
        owner = "train-test-" + UUID.randomUUID();
    }

    private TrainingRequest request(List<String> command, PreflightPolicy preflight, Duration timeout) {
        return TrainingRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage())).command(command)
                .workspace(workspace.toString()).outputDir("runs").env(Map.of("EPOCHS", "2", "API_TOKEN", "never-recorded"))
                .gpus(GpuRequest.none()).preflight(preflight).artifacts(List.of("*.pt", "metrics.json"))
                .modelName("tiny-regressor").alias("candidate")
                .lineage(new Lineage("0123456789abcdef0123456789abcdef01234567", "https://git.example/ml.git", "tiny#7",
                        "https://ci.example/job/tiny/7/"))
                .owner(owner).user(HostUser.current()).gpuLockDirectory(locks.toString()).gpuWait(Duration.ofSeconds(5))
                .timeout(timeout).build();
    }

    private TrainingFlow flow() {
        return new TrainingFlow(runtime, images, HostGpuProbe.at(workspace.resolve("no-nvidia-smi")), registry);
    }

    @Test
    void trainsInThePinnedImageAndRegistersTheFilesWithFullLineage() throws Exception {
        RecordingSink log = new RecordingSink();

        TrainingResult result = flow().run(request(List.of("python3", "train.py"),
                PreflightPolicy.builder().allowCpuFallback(true).build(), Duration.ZERO), log, p -> { });

        RunManifest m = result.manifest();
        assertThat(result.model().version()).isEqualTo("1");
        assertThat(m.image().digest()).isEqualTo(ImageRef.parse(TestEnvironment.torchImage()).digest());
        assertThat(m.params()).containsEntry("epochs", "2");
        assertThat(m.metrics()).containsKey("final_loss");
        assertThat(result.history()).as("the per-epoch history, for the build page's chart")
                .extracting(ModelPublication.MetricPoint::key, ModelPublication.MetricPoint::step)
                .containsExactly(tuple("loss", 0L), tuple("loss", 1L));
        assertThat(result.history().get(1).value()).isEqualTo(m.metrics().get("final_loss"));
        assertThat(m.envNames()).containsExactly("API_TOKEN", "EPOCHS");
        assertThat(new String(new RunManifestJson().write(m))).doesNotContain("never-recorded");
        assertThat(m.lineage().gitCommit()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(m.preflight().overall()).isIn("PASS", "WARN");
        assertThat(m.artifacts()).extracting(RunManifest.Artifact::path).containsExactly("metrics.json", "model.pt");
        Path outputDir = workspace.resolve(m.outputDir());
        for (RunManifest.Artifact a : m.artifacts()) {
            assertThat(sha256(outputDir.resolve(a.path()))).isEqualTo(a.sha256());
        }
        assertThat(Files.getAttribute(outputDir.resolve("model.pt"), "unix:uid") + ":" + Files.getAttribute(outputDir.resolve("model.pt"), "unix:gid"))
                .isEqualTo(HostUser.current());
        assertThat(registry.find("tiny-regressor", m.idempotencyKey())).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo("1"));
        assertThat(String.join("\n", log.taggedLines())).contains("epoch 2/2");
        assertThat(log.messages()).as("the image is ensured once, for the preflight and the training alike")
                .filteredOn(line -> line.startsWith("Image ") || line.startsWith("Pulled ")).hasSize(1);
    }

    @Test
    void aFailingTrainingRegistersNothing() throws Exception {
        assertThatThrownBy(() -> flow().run(request(List.of("python3", "-c", "import sys; print('boom'); sys.exit(3)"),
                PreflightPolicy.builder().allowCpuFallback(true).build(), Duration.ZERO), new RecordingSink(), p -> { }))
                .isInstanceOfSatisfying(TrainingFailedException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessageContaining("nothing was registered");

        assertThat(Files.exists(registryRoot.resolve("models"))
                ? Files.list(registryRoot.resolve("models")).toList() : List.of()).isEmpty();
    }

    @Test
    void aPreflightFailStopsTheRunBeforeTraining() throws Exception {
        assertThatThrownBy(() -> flow().run(request(List.of("python3", "train.py"), PreflightPolicy.defaults(), Duration.ZERO),
                new RecordingSink(), p -> { }))
                .isInstanceOfSatisfying(PreflightFailedException.class, e -> assertThat(e.failedChecks()).contains("cuda-available"));

        assertThat(workspace.resolve("runs")).doesNotExist();
    }

    @Test
    void aTrainingThatOutrunsItsTimeoutIsStoppedAndLeavesNoContainer() throws Exception {
        assertThatThrownBy(() -> flow().run(request(List.of("python3", "-c", "import time; time.sleep(120)"), null, Duration.ofSeconds(3)),
                new RecordingSink(), p -> { }))
                .isInstanceOfSatisfying(TrainingFailedException.class, e -> assertThat(e.timedOut()).isTrue());

        assertThat(containersOf(runtime, owner)).isEmpty();
    }

    @Test
    void anInterruptMidTrainingLeavesNoContainerAndRegistersNothing() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        RecordingSink log = new RecordingSink();
        Thread build = new Thread(() -> {
            try {
                flow().run(request(List.of("python3", "-c", "print('training', flush=True); import time; time.sleep(120)"), null,
                        Duration.ZERO), log, p -> { });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        build.start();
        for (int i = 0; i < 600 && !log.text(io.gputraining.engine.LogSink.OutputStreamKind.STDOUT).contains("training"); i++) {
            Thread.sleep(50);
        }

        build.interrupt();
        build.join(30_000);

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(containersOf(runtime, owner)).isEmpty();
        assertThat(Files.exists(registryRoot.resolve("models")) ? Files.list(registryRoot.resolve("models")).toList() : List.of()).isEmpty();
    }

    static Path exampleScript() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("examples/train.py"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("examples/train.py not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("examples/train.py");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
