package io.gputraining.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.cdi.TestCdiSpec;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.docker.TestDaemon;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.gpu.GpuLeaseTimeoutException;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.preflight.host.NvidiaSmiStandIn;
import io.gputraining.engine.registry.local.LocalModelRegistry;
import io.gputraining.engine.runtime.ExecSpec;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.LogPosition;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.engine.train.StartedTraining;
import io.gputraining.engine.train.TrainingContainer;
import io.gputraining.engine.train.TrainingFlow;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.engine.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU of a replayed H100, leased through the one start path and handed to a container that outlives its starter,
 * on Podman, where the GPU reaches the container as a CDI device (the test's own kind): a block's container and a
 * detached training each hold it exactly as long as they run, through a fresh connection's look-ups and the
 * starter's connection closed.
 */
@Timeout(180)
class HeldGpusOnPodmanTest {

    @RegisterExtension
    static final TestDaemon PODMAN = TestDaemon.podmanRootful();

    @TempDir
    Path dir;
    private Path locks;
    private HostGpuProbe h100;
    private String owner;

    @BeforeEach
    void setUp() throws Exception {
        locks = dir.resolve("locks");
        h100 = HostGpuProbe.at(NvidiaSmiStandIn.install(dir, NvidiaSmiStandIn.H100, "query-gpu.csv", "compute-apps-idle.csv")
                .resolve("nvidia-smi"));
        owner = "held-" + UUID.randomUUID();
    }

    private void assertHeld() {
        assertThatThrownBy(() -> otherRun().close()).as("the GPU is held").isInstanceOf(GpuLeaseTimeoutException.class);
    }

    private void assertFree(Duration within) throws Exception {
        try (GpuLease again = new GpuAllocator(locks, List.of(TestCdiSpec.H100_UUID)).acquire(GpuRequest.all(), within, "other",
                new RecordingSink())) {
            assertThat(again.deviceIds()).containsExactly(TestCdiSpec.H100_UUID);
        }
    }

    private GpuLease otherRun() throws InterruptedException {
        return new GpuAllocator(locks, List.of(TestCdiSpec.H100_UUID)).acquire(GpuRequest.all(), Duration.ZERO, "other", new RecordingSink());
    }

    private DockerRuntime connect(TestCdiSpec spec) {
        return DockerRuntime.connect(new DockerEndpoint(PODMAN.host(), false, null), spec.kind());
    }

    @Test
    void aBlockContainerHoldsItsGpuUntilItIsRemovedThroughAnotherConnection() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        Path temp = Files.createDirectories(dir.resolve("ws@tmp"));
        String session = UUID.randomUUID().toString();
        try (TestCdiSpec spec = TestCdiSpec.write()) {
            try (DockerRuntime starter = connect(spec)) {
                BlockContainer block = new GpuContainerLaunch(starter, new DockerImages(starter.client(), ManifestDigestResolver.withDefaults()), h100)
                        .start(ContainerBlockRequest.builder()
                                .launch(LaunchRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage())).gpus(GpuRequest.count(1))
                                        .preflight(null).owner(owner).user(HostUser.current()).gpuLockDirectory(locks.toString())
                                        .gpuWait(Duration.ZERO).build())
                                .workspace(workspace.toString()).tempDirectory(temp.toString()).build(), session, new RecordingSink(), p -> { });
                assertThat(block.gpuIds()).containsExactly(TestCdiSpec.H100_UUID);
            } // the starter (an agent's class loader, its JVM) is gone
            assertHeld();
            try (DockerRuntime later = connect(spec)) {
                BlockContainer found = BlockContainer.find(later, session).orElseThrow();
                RecordingSink out = new RecordingSink();
                assertThat(found.session().exec(ExecSpec.of("sh", "-c", "test -c " + TestEnvironment.cdiTestDevice() + " && echo present"), out))
                        .as("the GPU's device node is in the container").isZero();
                assertThat(out.text(io.gputraining.engine.LogSink.OutputStreamKind.STDOUT)).isEqualTo("present\n");
                assertHeld();

                found.remove();
            }
            assertFree(Duration.ofSeconds(10));
        }
    }

    @Test
    void aDetachedTrainingHoldsItsGpuWhileItRunsAndIsFinishedByAnotherConnection() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path registry = dir.resolve("registry");
        String runId = TrainingFlow.newRunId();
        TrainingRequest request = TrainingRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage()))
                .command(List.of("sh", "-c", "sleep 4; echo $GT_CDI_DEVICE_0 > \"$GPU_TRAINING_OUTPUT_DIR/seen.txt\""))
                .workspace(workspace.toString()).outputDir("runs").gpus(GpuRequest.count(1)).preflight(null)
                .artifacts(List.of("seen.txt")).modelName("held").owner(owner).user(HostUser.current())
                .gpuLockDirectory(locks.toString()).gpuWait(Duration.ZERO).build();
        try (TestCdiSpec spec = TestCdiSpec.write()) {
            try (DockerRuntime starter = connect(spec)) {
                StartedTraining started = new TrainingFlow(starter, new DockerImages(starter.client(), ManifestDigestResolver.withDefaults()),
                        h100, new LocalModelRegistry(registry)).start(request, runId, new RecordingSink(), p -> { });
                assertThat(started.containerId()).isNotBlank();
            }
            assertHeld();
            assertFree(Duration.ofSeconds(60)); // free once the command ended, with nobody looking

            try (DockerRuntime later = connect(spec)) {
                TrainingContainer training = TrainingContainer.find(later, owner, runId).orElseThrow();
                assertThat(training.poll(LogPosition.START, 1 << 20).ended()).isTrue();
                TrainingResult result = training.finish(new LocalModelRegistry(registry), new RecordingSink(), p -> { });
                training.remove();
                assertThat(result.manifest().host().leasedGpus()).containsExactly(TestCdiSpec.H100_UUID);
                assertThat(Files.readString(workspace.resolve(result.manifest().outputDir()).resolve("seen.txt"))).isEqualTo("present\n");
            }
        }
    }
}
