package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.launch.ContainerBlockRequest;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the controller asks the agent to start: the engine's request, plus the daemon and the key the agent keeps
 * the container under.
 *
 * @param block        the container, its image, GPUs and preflight; the agent sets the user to its own uid:gid
 * @param sessionId    the key the agent keeps the container under; made by the controller before the start, so
 *                     that it can close a container whose start it did not see end (a restart meanwhile)
 * @param docker       the daemon, from the build's DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH
 *                     ({@code withDockerServer} sets them)
 * @param dockerConfig the build's DOCKER_CONFIG, where {@code withDockerRegistry} leaves its login; null for
 *                     the agent user's {@code ~/.docker}
 * @param agentPath    the build's PATH on the agent, where nvidia-smi is looked up, as the other steps look it up (a
 *                     node property's {@code PATH+NVIDIA} is in it, the agent process' own PATH may lack it); null
 *                     for the agent process' PATH
 */
public record ContainerOptions(ContainerBlockRequest block, String sessionId, DockerEndpoint docker, String dockerConfig,
                               String agentPath) implements Serializable {

    private static final long serialVersionUID = 1L;

    public ContainerOptions {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(docker, "docker");
    }

    /** How the block's commands find its container: on the daemon it is started on, Docker's or Podman's. */
    public BlockSession session() {
        return new BlockSession(sessionId, docker);
    }
}
