package io.gputraining.cli;

import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.LocalRuntime;

/**
 * Where commands run: in containers on Docker, in containers on Podman (through its Docker-compatible socket,
 * rootful or rootless), or directly on this host (an agent that is the image).
 */
enum RuntimeChoice {
    DOCKER, PODMAN, LOCAL;

    ContainerRuntime open(DockerOptions docker) {
        return this == LOCAL ? new LocalRuntime() : DockerRuntime.connect(docker.endpoint(this));
    }

    boolean containers() {
        return this != LOCAL;
    }
}
