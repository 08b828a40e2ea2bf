package io.gputraining.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.docker.DockerTestSupport;
import io.gputraining.engine.docker.TestDaemon;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.gpu.GpuLeaseTimeoutException;
import io.gputraining.engine.gpu.GpuLockException;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.ContainerState;
import io.gputraining.engine.runtime.DetachedContainer;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.testing.TestEnvironment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GPU lease handed over to the container that uses it, on the real daemon: the GPU stays leased exactly as long as
 * the container's command runs, whatever becomes of the JVM that leased it. (The "GPU" is an id in a lock directory
 * of the test's own: the container gets no device, which the handover does not need.)
 */
@Timeout(120)
class GpuLeaseHandoverTest {

    private static final String GPU = "GPU-handover-test";

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();

    @TempDir
    Path locks;
    private String owner;

    @BeforeEach
    void setUp() {
        owner = DockerTestSupport.uniqueOwner();
    }

    /** A launch of no image, holding {@code lease}: what {@link GpuContainerLaunch#prepare} gives once the lease is taken. */
    static PreparedLaunch launch(DockerRuntime runtime, GpuLease lease, String owner) {
        LaunchRequest request = LaunchRequest.builder().owner(owner).gpus(lease.toGpuRequest()).preflight(null).build();
        return new PreparedLaunch(runtime, request, null, lease, null, 0, 0);
    }

    private GpuLease lease(Duration wait) throws InterruptedException {
        return new GpuAllocator(locks, List.of(GPU)).acquire(GpuRequest.all(), wait, "test", LogSink.discarding());
    }

    private ContainerSpec spec(String image, String... command) {
        return ContainerSpec.builder(image).command(command).owner(owner).user(HostUser.current()).build();
    }

    @Test
    void theContainerHoldsTheGpuWhileItsCommandRunsAndFreesItWhenItEnds() throws Exception {
        GpuLease lease = lease(Duration.ZERO);
        DetachedContainer container = launch(DAEMON.runtime(), lease, owner)
                .startDetached(spec(TestEnvironment.torchImage(), "sleep", "4"), false, LogSink.discarding());
        try {
            assertThat(lease.isClosed()).as("this JVM let go of the lease").isTrue();
            assertThatThrownBy(() -> lease(Duration.ZERO)).as("busy while the container runs").isInstanceOf(GpuLeaseTimeoutException.class);

            try (GpuLease again = lease(Duration.ofSeconds(30))) {
                assertThat(again.deviceIds()).containsExactly(GPU);
            }
            ContainerState ended = container.state();
            assertThat(ended.running()).as("free only once the command ended").isFalse();
            assertThat(ended.exitCode()).isZero();
        } finally {
            container.remove();
        }
    }

    @Test
    void removingTheContainerFreesTheGpu() throws Exception {
        DetachedContainer container = launch(DAEMON.runtime(), lease(Duration.ZERO), owner)
                .startDetached(spec(TestEnvironment.torchImage(), "sleep", "300"), false, LogSink.discarding());
        assertThatThrownBy(() -> lease(Duration.ofMillis(300))).isInstanceOf(GpuLeaseTimeoutException.class);

        container.remove();

        try (GpuLease again = lease(Duration.ofSeconds(5))) {
            assertThat(again.deviceIds()).containsExactly(GPU);
        }
    }

    @Test
    void theGpuStaysLeasedToTheContainerAfterTheJvmThatLeasedItIsKilled() throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), HandedOverLeaseMain.class.getName(), DAEMON.host(), locks.toString(), GPU,
                TestEnvironment.torchImage(), owner);
        Process agent = new ProcessBuilder(command).redirectErrorStream(true).start();
        String containerId;
        try {
            String line = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).startsWith("STARTED ");
            containerId = line.substring("STARTED ".length());
        } finally {
            agent.destroyForcibly(); // as a crash: no shutdown hook, nothing released by the JVM itself
            agent.waitFor(20, TimeUnit.SECONDS);
        }
        DetachedContainer container = DAEMON.runtime().find(io.gputraining.engine.runtime.Labels.OWNER, owner).orElseThrow();
        assertThat(container.id()).isEqualTo(containerId);
        assertThat(container.state().running()).as("the container outlives its JVM").isTrue();
        assertThatThrownBy(() -> lease(Duration.ofMillis(500))).as("and keeps its GPU").isInstanceOf(GpuLeaseTimeoutException.class);

        container.remove();

        try (GpuLease again = lease(Duration.ofSeconds(5))) {
            assertThat(again.deviceIds()).containsExactly(GPU);
        }
    }

    @Test
    void anImageWithoutPythonCannotHoldTheGpuSoTheStartFailsAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> launch(DAEMON.runtime(), lease(Duration.ZERO), owner)
                .startDetached(spec(TestEnvironment.smallImage(), "sleep", "300"), false, LogSink.discarding()))
                .isInstanceOf(RuntimeException.class)
                .satisfies(e -> assertThat(e).isInstanceOfAny(GpuLockException.class,
                        io.gputraining.engine.docker.ContainerFailedException.class));

        assertThat(DockerTestSupport.containersOf(DAEMON.runtime(), owner)).isEmpty();
        try (GpuLease again = lease(Duration.ZERO)) {
            assertThat(again.deviceIds()).containsExactly(GPU);
        }
    }
}
