package io.gputraining.engine.train;

import io.gputraining.engine.docker.TestDaemon;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DetachedTrainingContract} on Podman's rootful service, through its Docker-compatible API. */
class DetachedTrainingOnPodmanTest extends DetachedTrainingContract {

    @RegisterExtension
    static final TestDaemon PODMAN = TestDaemon.podmanRootful();

    @Override
    TestDaemon daemon() {
        return PODMAN;
    }
}
