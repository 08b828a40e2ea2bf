package io.gputraining.engine.train;

import io.gputraining.engine.docker.TestDaemon;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DetachedTrainingContract} on Docker. */
class DetachedTrainingTest extends DetachedTrainingContract {

    @RegisterExtension
    static final TestDaemon DOCKER = new TestDaemon();

    @Override
    TestDaemon daemon() {
        return DOCKER;
    }
}
