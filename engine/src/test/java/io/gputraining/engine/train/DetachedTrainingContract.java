package io.gputraining.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.docker.DockerTestSupport;
import io.gputraining.engine.docker.TestDaemon;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.registry.local.LocalModelRegistry;
import io.gputraining.engine.runtime.ContainerGoneException;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.LogPosition;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training that outlives its starter, on a real daemon: started by one connection, followed and finished by
 * fresh ones (as a restarted Jenkins does), its log read in pieces from where the last reader stopped, and its
 * finish repeated without a second version. Run on Docker ({@link DetachedTrainingTest}) and Podman
 * ({@link DetachedTrainingOnPodmanTest}), whose log APIs differ in their timestamps.
 */
@Timeout(180)
abstract class DetachedTrainingContract {

    /** Writes 12 numbered progress lines (stderr every third), a model file and metrics, taking about 3 s. */
    private static final String TRAIN = String.join("\n",
            "import json, os, sys, time",
            "out = os.environ['GPU_TRAINING_OUTPUT_DIR']",
            "for i in range(12):",
            "    stream = sys.stderr if i % 3 == 2 else sys.stdout",
            "    print('progress %02d secret=%s' % (i, os.environ.get('TOKEN')), file=stream, flush=True)",
            "    time.sleep(0.25)",
            "open(os.path.join(out, 'model.bin'), 'wb').write(b'weights')",
            "json.dump({'params': {'epochs': 12}, 'metrics': {'loss': 0.5}}, open(os.path.join(out, 'metrics.json'), 'w'))",
            "sys.exit(int(os.environ.get('EXIT', '0')))");

    /** The daemon the class runs on. */
    abstract TestDaemon daemon();

    /** A fresh connection to it, as after a restart. */
    private DockerRuntime connect() {
        return DockerRuntime.connect(new DockerEndpoint(daemon().host(), false, null));
    }

    @TempDir
    Path workspace;
    @TempDir
    Path registryRoot;
    @TempDir
    Path locks;
    private String owner;

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(workspace.resolve("train.py"), TRAIN);
        owner = DockerTestSupport.uniqueOwner();
    }

    private TrainingRequest.Builder request() {
        return TrainingRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage())).command(List.of("python3", "train.py"))
                .workspace(workspace.toString()).outputDir("runs").env(Map.of("TOKEN", "s3cr3t")).gpus(GpuRequest.none()).preflight(null)
                .artifacts(List.of("model.bin")).modelName("detached").lineage(new Lineage(null, null, "job#1", "https://ci.example/job/1/"))
                .owner(owner).user(HostUser.current()).gpuLockDirectory(locks.toString());
    }

    private StartedTraining start(TrainingRequest request, String runId) throws InterruptedException {
        try (DockerRuntime starter = connect()) {
            TrainingFlow flow = new TrainingFlow(starter, new DockerImages(starter.client(), ManifestDigestResolver.withDefaults()),
                    HostGpuProbe.at(workspace.resolve("no-nvidia-smi")), new LocalModelRegistry(registryRoot));
            return flow.start(request, runId, new RecordingSink(), p -> { });
        } // the starter's connection and JVM-side state end here; the training goes on
    }

    /** Reads the log to the training's end in pieces of a few bytes, each piece through a fresh connection. */
    private String followToTheEnd(String runId) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        LogPosition position = LogPosition.START;
        for (int polls = 0; polls < 2000; polls++) {
            try (DockerRuntime reader = connect()) {
                TrainingProgress progress = TrainingContainer.find(reader, owner, runId).orElseThrow().poll(position, 40);
                output.write(progress.output().bytes());
                position = progress.output().next();
                if (progress.ended()) {
                    return output.toString();
                }
                if (!progress.output().more()) {
                    Thread.sleep(100);
                }
            }
        }
        throw new AssertionError("the training did not end");
    }

    @Test
    void aStartedTrainingIsFollowedAndFinishedThroughFreshConnectionsAndRegisteredOnce() throws Exception {
        String runId = TrainingFlow.newRunId();
        StartedTraining started = start(request().build(), runId);
        assertThat(started.runId()).isEqualTo(runId);

        String output = followToTheEnd(runId);

        assertThat(output.lines().toList()).as("every line once, in order, stdout and stderr")
                .containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> String.format("progress %02d secret=s3cr3t", i)).toList());
        try (DockerRuntime finisher = connect()) {
            TrainingContainer container = TrainingContainer.find(finisher, owner, runId).orElseThrow();
            assertThat(container.id()).isEqualTo(started.containerId());
            RecordingSink log = new RecordingSink();
            TrainingResult first = container.finish(new LocalModelRegistry(registryRoot), log, p -> { });
            // the answer was lost (a restart during the finish): finished again, it is the same version
            TrainingResult again = container.finish(new LocalModelRegistry(registryRoot), new RecordingSink(), p -> { });
            container.remove();

            assertThat(first.model().version()).isEqualTo("1");
            assertThat(again.model()).isEqualTo(first.model());
            assertThat(again.manifest().idempotencyKey()).isEqualTo(first.manifest().idempotencyKey()).isNotBlank();
            assertThat(new LocalModelRegistry(registryRoot).find("detached", first.manifest().idempotencyKey()))
                    .map(RegisteredModel::version).contains("1");
            RunManifest m = first.manifest();
            assertThat(m.runId()).isEqualTo(runId);
            assertThat(m.envNames()).containsExactly("TOKEN");
            assertThat(m.params()).containsEntry("epochs", "12");
            assertThat(m.artifacts()).extracting(RunManifest.Artifact::path).containsExactly("model.bin");
            assertThat(m.timings().trainingMillis()).isBetween(2000L, 60_000L);
            assertThat(new String(new RunManifestJson().write(m))).doesNotContain("s3cr3t");
            assertThat(TrainingContainer.find(finisher, owner, runId)).as("removed").isEmpty();
        }
    }

    @Test
    void theSecretsOfTheTrainingAreNotInItsContainersConfigOrLabels() throws Exception {
        String runId = TrainingFlow.newRunId();
        StartedTraining started = start(request().build(), runId);
        try {
            var inspect = daemon().runtime().client().inspectContainerCmd(started.containerId()).exec();
            assertThat(String.join("\n", inspect.getConfig().getEnv())).doesNotContain("s3cr3t");
            assertThat(inspect.getConfig().getLabels().toString()).doesNotContain("s3cr3t").contains(runId);
        } finally {
            daemon().runtime().find(io.gputraining.engine.runtime.Labels.RUN, runId).ifPresent(c -> c.remove());
        }
    }

    @Test
    void aFailedTrainingIsJudgedAtItsFinishAndNothingIsRegistered() throws Exception {
        String runId = TrainingFlow.newRunId();
        start(request().env(Map.of("EXIT", "3")).build(), runId);
        followToTheEnd(runId);

        TrainingContainer container = TrainingContainer.find(daemon().runtime(), owner, runId).orElseThrow();
        try {
            assertThatThrownBy(() -> container.finish(new LocalModelRegistry(registryRoot), new RecordingSink(), p -> { }))
                    .isInstanceOf(TrainingFailedException.class).hasMessageContaining("exited with 3");
        } finally {
            container.remove();
        }
        assertThat(new LocalModelRegistry(registryRoot).find("detached", "any")).isEmpty();
    }

    @Test
    void aTrainingPastItsTimeoutIsStoppedByTheNextLookAndSaysSo() throws Exception {
        String runId = TrainingFlow.newRunId();
        start(request().command(List.of("sh", "-c", "echo started; sleep 300")).timeout(Duration.ofSeconds(2)).build(), runId);
        Thread.sleep(3000);

        TrainingProgress progress = TrainingContainer.find(daemon().runtime(), owner, runId).orElseThrow().poll(LogPosition.START, 1 << 20);

        assertThat(new String(progress.output().bytes())).isEqualTo("started\n");
        assertThat(progress.running()).isFalse();
        assertThat(progress.timeout()).isNotNull().hasMessageContaining("longer than its timeout of 2 s");
        assertThat(TrainingContainer.find(daemon().runtime(), owner, runId)).as("stopped and removed").isEmpty();
    }

    @Test
    void aContainerRemovedUnderTheReaderIsReportedGone() throws Exception {
        String runId = TrainingFlow.newRunId();
        start(request().command(List.of("sleep", "300")).build(), runId);
        TrainingContainer container = TrainingContainer.find(daemon().runtime(), owner, runId).orElseThrow();

        daemon().runtime().client().removeContainerCmd(container.id()).withForce(true).exec();

        assertThatThrownBy(() -> container.poll(LogPosition.START, 100)).isInstanceOf(ContainerGoneException.class)
                .hasMessageContaining("no longer exists");
        assertThat(TrainingContainer.find(daemon().runtime(), owner, runId)).isEmpty();
    }
}
