package io.gputraining.reliability.aborts;

import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.runtime.Labels;
import io.gputraining.engine.testing.TestEnvironment;
import java.util.List;

/**
 * The daemon a trial's containers run on: the provisioned Docker, or Podman's rootful service through its
 * Docker-compatible socket. Each is audited with its own command line tool, not the engine's client.
 */
enum TrialDaemon {
    DOCKER, PODMAN;

    DockerEndpoint endpoint() {
        return this == DOCKER ? DockerEndpoint.fromEnvironment() : new DockerEndpoint(TestEnvironment.podmanHost(), false, null);
    }

    /** What the CLI is told to reach this daemon: nothing for Docker (DOCKER_HOST), the runtime and socket for Podman. */
    List<String> cliArgs() {
        return this == DOCKER ? List.of() : List.of("--runtime", "podman", "--docker-host", TestEnvironment.podmanHost());
    }

    /** Lists every container with our label: id, owner process, owner, state, tab-separated. */
    List<String> listOurs() {
        if (this == DOCKER) {
            return List.of("docker", "ps", "-a", "--no-trunc", "--filter", "label=" + Labels.MANAGED, "--format",
                    "{{.ID}}\t{{.Label \"" + Labels.OWNER_PROCESS + "\"}}\t{{.Label \"" + Labels.OWNER + "\"}}\t{{.State}}");
        }
        return List.of("podman", "--url", TestEnvironment.podmanHost(), "ps", "-a", "--no-trunc", "--filter", "label=" + Labels.MANAGED,
                "--format", "{{.ID}}\t{{index .Labels \"" + Labels.OWNER_PROCESS + "\"}}\t{{index .Labels \"" + Labels.OWNER + "\"}}\t{{.State}}");
    }
}
