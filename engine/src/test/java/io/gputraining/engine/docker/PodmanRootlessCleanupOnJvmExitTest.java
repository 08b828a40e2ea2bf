package io.gputraining.engine.docker;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ContainerCleanupOnJvmExitTest} on the rootless Podman service: SIGTERM removes, the sweeper takes a SIGKILL's leftovers. */
class PodmanRootlessCleanupOnJvmExitTest extends ContainerCleanupOnJvmExitTest {

    @RegisterExtension
    static final TestDaemon PODMAN = TestDaemon.podmanRootless();

    @Override
    protected DockerRuntime runtime() {
        return PODMAN.runtime();
    }

    @Override
    protected String daemonHost() {
        return PODMAN.host();
    }
}
