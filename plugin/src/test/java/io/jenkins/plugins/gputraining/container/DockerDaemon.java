package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerRuntime;
import java.util.List;

/** The Docker daemon the tests' built-in node uses (the same as the plugin's: from the environment). */
final class DockerDaemon {

    private DockerDaemon() {
    }

    /** Ids of our containers labelled with this owner (a build URL), running or not. */
    static List<String> containersOf(String owner) {
        try (DockerRuntime runtime = DockerRuntime.connect(DockerEndpoint.fromEnvironment())) {
            return new ContainerSweeper(runtime.client()).list().stream()
                    .filter(c -> owner.equals(c.owner()))
                    .map(ContainerSweeper.ManagedContainer::id)
                    .toList();
        }
    }
}
