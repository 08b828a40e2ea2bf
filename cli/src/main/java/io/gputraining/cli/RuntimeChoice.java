package io.gputraining.cli;

import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.LocalRuntime;

/** Where commands run: in containers on Docker, or directly on this host (an agent that is the image). */
enum RuntimeChoice {
    DOCKER, LOCAL;

    ContainerRuntime open(DockerOptions docker) {
        return this == DOCKER ? DockerRuntime.connect(docker.endpoint()) : new LocalRuntime();
    }
}
