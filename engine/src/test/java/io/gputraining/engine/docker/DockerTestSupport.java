package io.gputraining.engine.docker;

import com.github.dockerjava.api.model.Container;
import io.gputraining.engine.runtime.Labels;
import io.gputraining.engine.testing.TestEnvironment;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Shared set-up of the Docker tests: one runtime on the provisioned daemon, owners unique per test. */
public final class DockerTestSupport {

    private DockerTestSupport() {
    }

    public static DockerRuntime connect() {
        return DockerRuntime.connect(new DockerEndpoint(TestEnvironment.dockerHost(), false, null));
    }

    public static String uniqueOwner() {
        return "test-" + UUID.randomUUID();
    }

    /** Our containers (running or not) carrying {@code owner}. */
    public static List<Container> containersOf(DockerRuntime runtime, String owner) {
        return runtime.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.OWNER, owner)).exec();
    }
}
