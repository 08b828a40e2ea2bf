package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerRuntime;
import java.util.List;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: removes containers of ours whose owner label is the given build. Used when the
 * registry entry is gone (the agent JVM or the controller restarted) but the container may not be.
 */
final class OwnerContainerSweep extends MasterToSlaveCallable<List<String>, RuntimeException> {

    private static final long serialVersionUID = 1L;

    private final String owner;
    private final String containerId;
    private final DockerEndpoint docker;

    /**
     * @param owner       the build URL the containers are labelled with
     * @param containerId this container of the build, or null; besides it only containers whose creating
     *                    process is gone are removed, so other blocks of the same build (parallel branches)
     *                    keep theirs
     * @param docker      the daemon the block started its container on; null (an execution saved before it was
     *                    recorded) for the agent's own DOCKER_HOST
     */
    OwnerContainerSweep(String owner, String containerId, DockerEndpoint docker) {
        this.owner = owner;
        this.containerId = containerId;
        this.docker = docker;
    }

    @Override
    public List<String> call() {
        try (DockerRuntime runtime = DockerRuntime.connect(docker != null ? docker : DockerEndpoint.fromEnvironment())) {
            return new ContainerSweeper(runtime.client()).sweep(c -> owner.equals(c.owner())
                    && (isTheContainer(c.id()) || c.ownerProcess().map(process -> !process.isAlive()).orElse(false)));
        }
    }

    private boolean isTheContainer(String id) {
        return containerId != null && (id.startsWith(containerId) || containerId.startsWith(id));
    }
}
