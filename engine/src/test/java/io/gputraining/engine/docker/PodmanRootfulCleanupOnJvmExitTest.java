package io.gputraining.engine.docker;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ContainerCleanupOnJvmExitTest} on the rootful Podman service: SIGTERM removes, the sweeper takes a SIGKILL's leftovers. */
class PodmanRootfulCleanupOnJvmExitTest extends ContainerCleanupOnJvmExitTest {

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
}
