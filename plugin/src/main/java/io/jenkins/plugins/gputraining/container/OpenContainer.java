package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.launch.LeasedContainer;
import io.gputraining.engine.runtime.ContainerSession;

/**
 * One running block's agent-side resources, closed together and in this order: the container and its GPU lease
 * first, then the daemon connection (closing the runtime would remove the container too, but the explicit close
 * says so in one place).
 */
record OpenContainer(DockerRuntime runtime, LeasedContainer container) implements AutoCloseable {

    ContainerSession session() {
        return container.session();
    }

    @Override
    public void close() {
        try {
            container.close();
        } finally {
            runtime.close();
        }
    }
}
