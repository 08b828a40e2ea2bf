package io.gputraining.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.docker.DockerTestSupport;
import io.gputraining.engine.docker.TestDaemon;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.gpu.GpuLeaseTimeoutException;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.GpuSummary;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.preflight.host.NvidiaSmiStandIn;
import io.gputraining.engine.runtime.ExecSpec;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one start path on the real daemon (the CPU PyTorch image, {@code --gpus none}), and its lease and preflight
 * decisions on hosts replayed from captured nvidia-smi outputs (no GPU here: a container asking for one fails, which
 * is how a preflight FAIL is made).
 */
class GpuContainerLaunchTest {

    private static final String H200_0 = "GPU-6f59b3e4-5917-3523-7cd8-29d71c4a7f6e";
    private static final String H200_1 = "GPU-70fe7a69-34ea-ca23-0453-c5656a1a92ce";

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();

    @TempDir
    Path dir;
    private Path locks;
    private String owner;

    @BeforeEach
    void setUp() throws Exception {
        locks = dir.resolve("locks");
        owner = DockerTestSupport.uniqueOwner();
    }

    private GpuContainerLaunch launch(HostGpuProbe host) {
        return new GpuContainerLaunch(DAEMON.runtime(), new DockerImages(DAEMON.runtime().client(), ManifestDigestResolver.withDefaults()),
                host);
    }

    private HostGpuProbe noGpus() {
        return HostGpuProbe.at(dir.resolve("no-nvidia-smi"));
    }

    private HostGpuProbe replayed(String host) throws Exception {
        return HostGpuProbe.at(NvidiaSmiStandIn.install(dir, host, "query-gpu.csv", "compute-apps-idle.csv").resolve("nvidia-smi"));
    }

    private LaunchRequest.Builder request(GpuRequest gpus) {
        return LaunchRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage())).gpus(gpus).owner(owner)
                .user(HostUser.current()).gpuLockDirectory(locks.toString()).gpuWait(Duration.ZERO);
    }

    @Test
    void aBlockContainerRunsInTheWorkspaceAndIsFoundAgainByItsSessionThroughAnotherConnection() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        Path temp = Files.createDirectories(dir.resolve("ws@tmp"));
        ContainerBlockRequest block = ContainerBlockRequest.builder()
                .launch(request(GpuRequest.none()).preflight(null).build())
                .workspace(workspace.toString()).tempDirectory(temp.toString()).build();
        RecordingSink log = new RecordingSink();
        String session = UUID.randomUUID().toString();

        BlockContainer started = launch(noGpus()).start(block, session, log, p -> { });
        assertThat(started.gpuIds()).isEmpty();
        try (DockerRuntime fresh = DockerTestSupport.connect()) { // as a command of the block after an agent reconnect
            BlockContainer found = BlockContainer.find(fresh, session).orElseThrow();
            assertThat(found.id()).isEqualTo(started.id());
            int exit = found.session().exec(ExecSpec.of("sh", "-c",
                    "pwd; echo \"image=$GPU_TRAINING_IMAGE\"; touch " + temp.resolve("written") + "; id -u"), log);

            assertThat(exit).isZero();
            assertThat(log.text(LogSink.OutputStreamKind.STDOUT)).contains(workspace.toString())
                    .contains("image=" + TestEnvironment.torchImage()).contains(HostUser.current().split(":")[0]);
            assertThat(temp.resolve("written")).exists();
            found.remove();
        }
        assertThat(DockerTestSupport.containersOf(DAEMON.runtime(), owner)).isEmpty();
        assertThat(BlockContainer.find(DAEMON.runtime(), session)).isEmpty();
        assertThat(log.messages()).anySatisfy(line -> assertThat(line).startsWith("Started container"));
    }

    @Test
    void theLeaseNamesTheGpuByUuidAndTheContainerGetsExactlyIt() throws Exception {
        HostGpuProbe host = replayed(NvidiaSmiStandIn.H200X2);

        try (PreparedLaunch prepared = launch(host).prepare(request(GpuRequest.ids(List.of("1"))).preflight(null).build(),
                new RecordingSink(), p -> { })) {
            assertThat(prepared.lease().deviceIds()).containsExactly(H200_1);
            assertThat(prepared.containerSpec().build().gpus()).isEqualTo(GpuRequest.ids(List.of(H200_1)));
            assertThat(prepared.containerSpec().build().env()).containsEntry(PreparedLaunch.GPUS_VARIABLE, H200_1);
            assertThatThrownBy(() -> otherRun(List.of(H200_0, H200_1)).acquire(GpuRequest.ids(List.of(H200_1)), Duration.ZERO,
                    "other", new RecordingSink()))
                    .as("held while the launch is open").isInstanceOf(GpuLeaseTimeoutException.class);
        }
        try (GpuLease after = otherRun(List.of(H200_0, H200_1)).acquire(GpuRequest.ids(List.of(H200_1)), Duration.ZERO, "other",
                new RecordingSink())) {
            assertThat(after.deviceIds()).as("released by the close").containsExactly(H200_1);
        }
    }

    @Test
    void aCountTakesTheGpuNoOtherRunHolds() throws Exception {
        HostGpuProbe host = replayed(NvidiaSmiStandIn.H200X2);

        try (GpuLease other = otherRun(List.of(H200_0, H200_1)).acquire(GpuRequest.ids(List.of(H200_0)), Duration.ZERO, "other",
                new RecordingSink());
             PreparedLaunch prepared = launch(host).prepare(request(GpuRequest.count(1)).preflight(null).build(), new RecordingSink(),
                     p -> { })) {
            assertThat(prepared.lease().deviceIds()).containsExactly(H200_1);
        }
    }

    @Test
    void thePreflightJudgesExactlyTheLeasedGpuAndAFailReleasesItAndStartsNothing() throws Exception {
        HostGpuProbe host = replayed(NvidiaSmiStandIn.H200X2);
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        ContainerBlockRequest block = ContainerBlockRequest.builder()
                .launch(request(GpuRequest.ids(List.of("1"))).preflight(PreflightPolicy.defaults()).build())
                .workspace(workspace.toString()).tempDirectory(workspace.toString()).build();

        assertThatThrownBy(() -> launch(host).start(block, UUID.randomUUID().toString(), new RecordingSink(), p -> { }))
                .isInstanceOfSatisfying(PreflightFailedException.class, e -> {
                    assertThat(e.report().gpus()).extracting(GpuSummary::uuid).containsExactly(H200_1);
                    assertThat(e.failedChecks()).contains("runtime-gpus");
                })
                .hasMessageStartingWith("GPU preflight FAIL, so nothing was started");

        try (GpuLease after = otherRun(List.of(H200_0, H200_1)).acquire(GpuRequest.all(), Duration.ZERO, "other", new RecordingSink())) {
            assertThat(after.deviceIds()).as("every GPU free again").hasSize(2);
        }
        assertThat(DockerTestSupport.containersOf(DAEMON.runtime(), owner)).isEmpty();
    }

    @Test
    void noGpusAskedForReadsNoHostAndLeasesNothing() throws Exception {
        try (PreparedLaunch prepared = launch(noGpus()).prepare(request(GpuRequest.none()).preflight(null).build(), new RecordingSink(),
                p -> { })) {
            assertThat(prepared.lease().isEmpty()).isTrue();
            assertThat(prepared.containerSpec().build().gpus()).isEqualTo(GpuRequest.none());
            assertThat(prepared.image().pinned().toString()).isEqualTo(TestEnvironment.torchImage());
        }
        assertThat(locks).as("no lock directory needed for no GPUs").doesNotExist();
    }

    private HealthCheckRequest.Builder check(GpuRequest gpus) {
        return HealthCheckRequest.builder().image(ImageRequest.of(TestEnvironment.torchImage())).gpus(gpus).owner(owner)
                .user(HostUser.current()).gpuLockDirectory(locks.toString()).gpuWait(Duration.ZERO).keepEvidence(false);
    }

    @Test
    void aHealthCheckLeasesTheGpusItLoadsAndReleasesThem() throws Exception {
        HostGpuProbe host = replayed(NvidiaSmiStandIn.H200X2);
        RecordingSink log = new RecordingSink();

        PreflightReport report = launch(host).check(check(GpuRequest.all()).build(), log, p -> { });

        assertThat(log.messages()).contains("Leased GPU(s) " + H200_0 + ", " + H200_1);
        assertThat(report.gpus()).extracting(GpuSummary::uuid).containsExactly(H200_0, H200_1);
        try (GpuLease after = otherRun(List.of(H200_0, H200_1)).acquire(GpuRequest.all(), Duration.ZERO, "other", new RecordingSink())) {
            assertThat(after.deviceIds()).as("released after the check").hasSize(2);
        }
    }

    @Test
    void aHealthCheckDoesNotLoadAGpuATrainingHoldsButWaitsForIt() throws Exception {
        HostGpuProbe host = replayed(NvidiaSmiStandIn.H200X2);

        try (GpuLease training = otherRun(List.of(H200_0, H200_1)).acquire(GpuRequest.ids(List.of(H200_0)), Duration.ZERO,
                "https://ci.example/job/train/3/", new RecordingSink())) {
            assertThatThrownBy(() -> launch(host).check(check(GpuRequest.all()).build(), new RecordingSink(), p -> { }))
                    .isInstanceOf(GpuLeaseTimeoutException.class).hasMessageContaining("https://ci.example/job/train/3/");
            assertThat(DockerTestSupport.containersOf(DAEMON.runtime(), owner)).as("no probe container started").isEmpty();
        }
    }

    @Test
    void aCheckOfTheIdleGpusChecksOnlyThoseNoOtherRunHolds() throws Exception {
        HostGpuProbe host = replayed(NvidiaSmiStandIn.H200X2);
        RecordingSink log = new RecordingSink();

        try (GpuLease training = otherRun(List.of(H200_0, H200_1)).acquire(GpuRequest.ids(List.of(H200_0)), Duration.ZERO,
                "https://ci.example/job/train/3/", new RecordingSink())) {
            PreflightReport report = launch(host).check(check(GpuRequest.all()).idleGpusOnly(true).build(), log, p -> { });

            assertThat(report.gpus()).extracting(GpuSummary::uuid).containsExactly(H200_1);
            assertThat(String.join("\n", log.messages())).contains("Leaving out GPU(s) other runs hold")
                    .contains("https://ci.example/job/train/3/");
        }
    }

    @Test
    void aCheckOnAHostWithoutADriverLeasesNothingAndReportsWhy() throws Exception {
        PreflightReport report = launch(noGpus()).check(check(GpuRequest.all()).build(), new RecordingSink(), p -> { });

        assertThat(report.verdict("host-driver").orElseThrow().level()).isEqualTo(Verdict.Level.FAIL);
    }

    /** Another run on the same host: the same lock directory, the host's GPUs by UUID. */
    private GpuAllocator otherRun(List<String> uuids) {
        return new GpuAllocator(locks, uuids);
    }
}
