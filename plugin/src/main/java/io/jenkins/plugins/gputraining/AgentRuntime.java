package io.jenkins.plugins.gputraining;

import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.DockerConfigCredentials;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.launch.NotDetachableException;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.LocalRuntime;
import io.gputraining.engine.runtime.RuntimeKind;
import java.io.Serializable;
import java.util.Map;

/**
 * Where a step's work runs on the agent: in containers of a Docker daemon, or directly on the agent (an agent
 * that already is the PyTorch image). A value sent with the request to the agent, which opens it there.
 *
 * @param endpoint     the daemon to use, or null for the local runtime
 * @param dockerConfig the build's {@code DOCKER_CONFIG} (the directory of the registry logins), or null for the
 *                     agent user's {@code ~/.docker}
 */
record AgentRuntime(DockerEndpoint endpoint, String dockerConfig) implements Serializable {

    /**
     * Chooses from a step's {@code runtime} parameter. The daemon's address comes from the build's environment
     * ({@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH}), so that a step inside
     * docker-workflow's {@code withDockerServer} talks to that server; the registry logins from its
     * {@code DOCKER_CONFIG}, which {@code withDockerRegistry} points at the config its {@code docker login} wrote.
     *
     * @throws io.gputraining.engine.EngineException for a name other than docker or local
     */
    static AgentRuntime of(String runtime, Map<String, String> buildEnvironment) {
        return switch (RuntimeKind.parse(runtime)) {
            case DOCKER -> new AgentRuntime(DockerEndpoint.fromEnvironment(buildEnvironment), buildEnvironment.get("DOCKER_CONFIG"));
            case LOCAL -> new AgentRuntime(null, null);
        };
    }

    boolean isDocker() {
        return endpoint != null;
    }

    /** Opens the runtime; call on the agent. */
    ContainerRuntime open() {
        return isDocker() ? DockerRuntime.connect(endpoint) : new LocalRuntime();
    }

    /**
     * Opens the Docker runtime, for work that outlives this call (a training followed across restarts); call on the
     * agent.
     *
     * @throws io.gputraining.engine.launch.NotDetachableException on the local runtime
     */
    DockerRuntime openDocker() {
        if (!isDocker()) {
            throw new NotDetachableException("The local runtime runs a training as a child of the agent's process, which cannot"
                    + " outlive it; only a container runtime can.");
        }
        return DockerRuntime.connect(endpoint);
    }

    /**
     * The daemon's images for an opened Docker runtime, logging in to registries with the logins of
     * {@link #dockerConfig}; null for the local runtime (no image to pull). Call on the agent.
     */
    DockerImages images(ContainerRuntime opened) {
        return opened instanceof DockerRuntime docker
                ? new DockerImages(docker.client(), ManifestDigestResolver.withDefaults(), DockerConfigCredentials.of(dockerConfig))
                : null;
    }

    /**
     * The agent process' {@code uid:gid} for containers, so files they write into the workspace belong to the
     * agent; null on the local runtime, which runs as the agent anyway. Call on the agent.
     */
    String containerUser() {
        return isDocker() ? HostUser.current() : null;
    }
}
