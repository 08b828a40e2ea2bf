package io.jenkins.plugins.gputraining;

import hudson.remoting.VirtualChannel;
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
import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/**
 * Where a step's work runs on the agent: in containers of Docker or Podman, or directly on the agent (an agent that
 * already is the PyTorch image). A value sent with the request to the agent, which opens it there. Which socket a
 * runtime uses is the engine's decision ({@link DockerEndpoint#forRuntime}), made on the agent: Podman's rootless
 * socket depends on the agent's user.
 *
 * @param kind              Docker, Podman or local
 * @param daemonEnvironment the build's variables that say where the daemon is ({@link #DAEMON_VARIABLES})
 * @param dockerConfig      the build's {@code DOCKER_CONFIG} (the directory of the registry logins), or null for the
 *                          agent user's {@code ~/.docker}
 */
public record AgentRuntime(RuntimeKind kind, Map<String, String> daemonEnvironment, String dockerConfig) implements Serializable {

    /**
     * The variables that choose the daemon: Docker's ({@code withDockerServer} sets them), Podman's
     * {@code CONTAINER_HOST}, and {@code XDG_RUNTIME_DIR}, where a rootless Podman's socket is.
     */
    static final List<String> DAEMON_VARIABLES = List.of("DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "CONTAINER_HOST",
            "XDG_RUNTIME_DIR");

    public AgentRuntime {
        daemonEnvironment = Map.copyOf(daemonEnvironment);
    }

    /**
     * Chooses from a step's {@code runtime} parameter, or the global default where it names none. The daemon's address
     * comes from the build's environment, so that a step inside docker-workflow's {@code withDockerServer} talks to that
     * server; the registry logins from its {@code DOCKER_CONFIG}, which {@code withDockerRegistry} points at the config
     * its {@code docker login} wrote.
     *
     * @throws io.gputraining.engine.EngineException for a name that is no runtime
     */
    public static AgentRuntime of(String runtime, Map<String, String> buildEnvironment) {
        return of(GpuTrainingConfiguration.get().siteSettings().runtime(runtime), buildEnvironment);
    }

    /** The runtime {@code kind}, its daemon as the build's environment says. */
    public static AgentRuntime of(RuntimeKind kind, Map<String, String> buildEnvironment) {
        Map<String, String> daemon = new LinkedHashMap<>();
        for (String name : DAEMON_VARIABLES) {
            String value = buildEnvironment.get(name);
            if (value != null) {
                daemon.put(name, value);
            }
        }
        return new AgentRuntime(kind, daemon, kind.containers() ? buildEnvironment.get("DOCKER_CONFIG") : null);
    }

    boolean isDocker() {
        return kind.containers();
    }

    /** The daemon's address as the agent's user finds it; call on the agent. */
    public DockerEndpoint endpoint() {
        return DockerEndpoint.forRuntime(kind, daemonEnvironment);
    }

    /** The daemon's address, asked of the agent behind {@code channel} (where the socket and the user are). */
    public DockerEndpoint endpointOn(VirtualChannel channel) throws IOException, InterruptedException {
        return channel.call(new EndpointOnAgent(this));
    }

    /** Opens the runtime; call on the agent. */
    ContainerRuntime open() {
        return isDocker() ? DockerRuntime.connect(endpoint()) : new LocalRuntime();
    }

    /**
     * Opens the container runtime (Docker or Podman), for work that outlives this call (a training followed across
     * restarts); call on the agent.
     *
     * @throws io.gputraining.engine.launch.NotDetachableException on the local runtime
     */
    DockerRuntime openDocker() {
        if (!isDocker()) {
            throw new NotDetachableException("The local runtime runs a training as a child of the agent's process, which cannot"
                    + " outlive it; only a container runtime can.");
        }
        return DockerRuntime.connect(endpoint());
    }

    /**
     * The daemon's images for an opened Docker or Podman runtime, logging in to registries with the logins of
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

    /** Resolves the endpoint where the agent's user and environment are. */
    private static final class EndpointOnAgent extends MasterToSlaveCallable<DockerEndpoint, RuntimeException> {
        private static final long serialVersionUID = 1L;
        private final AgentRuntime runtime;

        EndpointOnAgent(AgentRuntime runtime) {
            this.runtime = runtime;
        }

        @Override
        public DockerEndpoint call() {
            return runtime.endpoint();
        }
    }
}
