package io.gputraining.engine.docker;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Every session test of {@link PodmanRootfulSessionTest}, on the rootless Podman service. */
class PodmanRootlessSessionTest extends PodmanRootfulSessionTest {

    @RegisterExtension
    static final TestDaemon ROOTLESS = TestDaemon.podmanRootless();

    @Override
    protected DockerRuntime runtime() {
        return ROOTLESS.runtime();
    }

    @Override
    protected String daemonHost() {
        return ROOTLESS.host();
    }
}
