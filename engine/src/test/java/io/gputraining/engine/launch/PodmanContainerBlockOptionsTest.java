package io.gputraining.engine.launch;

import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.docker.TestDaemon;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every test of {@link ContainerBlockOptionsTest}, on the rootful Podman service. */
class PodmanContainerBlockOptionsTest extends ContainerBlockOptionsTest {

    @RegisterExtension
    static final TestDaemon PODMAN = TestDaemon.podmanRootful();

    @Override
    protected DockerRuntime runtime() {
        return PODMAN.runtime();
    }
}
