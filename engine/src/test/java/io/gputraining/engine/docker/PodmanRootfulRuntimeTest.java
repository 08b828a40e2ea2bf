package io.gputraining.engine.docker;

import static io.gputraining.engine.docker.DockerTestSupport.containersOf;
import static io.gputraining.engine.docker.DockerTestSupport.uniqueOwner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every one-shot run test of {@link DockerRuntimeTest}, on Podman's rootful service through its Docker-compatible
 * socket. The tests overridden here are where Podman differs, as docs/podman.md says.
 */
class PodmanRootfulRuntimeTest extends DockerRuntimeTest {

    @RegisterExtension
    static final TestDaemon PODMAN = TestDaemon.podmanRootful();

    @Override
    protected DockerRuntime runtime() {
        return PODMAN.runtime();
    }

    @Override
    protected String daemonHost() {
        return PODMAN.host();
    }

    @Test
    void theDaemonIsKnownAsPodmanThatResolvesCdi() {
        assertThat(runtime().daemon().isPodman()).isTrue();
        assertThat(runtime().daemon().resolvesCdi()).isTrue();
        assertThat(runtime().describe()).startsWith("podman ").contains(daemonHost());
    }

    /** Podman gives GPUs as CDI devices: without a spec for nvidia.com/gpu, the device does not resolve. */
    @Test
    @Override
    void gpuRequestOnADaemonWithoutNvidiaRuntimeSaysHowToFixIt() {
        String owner = uniqueOwner();
        assertThatThrownBy(() -> runtime().run(ContainerSpec.builder(TestEnvironment.smallImage())
                .command("true").gpus(GpuRequest.all()).owner(owner).build(), new RecordingSink()))
                .isInstanceOf(ContainerFailedException.class)
                .hasMessageContaining("unresolvable CDI devices nvidia.com/gpu=all")
                .hasMessageContaining("nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml");
        assertThat(containersOf(runtime(), owner)).isEmpty();
    }
}
