package io.gputraining.examples.steps;

import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.LocalRuntime;
import io.gputraining.examples.pipeline.Build;
import io.gputraining.examples.pipeline.PipelineFailure;
import java.util.Locale;

/**
 * The engine runtime a step's {@code runtime} parameter selects, as the plugin's {@code AgentRuntime} opens it on
 * the agent: Docker at the build's {@code DOCKER_HOST}, or the agent itself ({@code local}).
 */
final class StepRuntime {

    private final boolean docker;

    private StepRuntime(boolean docker) {
        this.docker = docker;
    }

    static StepRuntime of(String runtime) {
        return switch (runtime == null ? "docker" : runtime.strip().toLowerCase(Locale.ROOT)) {
            case "docker" -> new StepRuntime(true);
            case "local" -> new StepRuntime(false);
            default -> throw new PipelineFailure("runtime '" + runtime + "' is not known: use docker (containers on the agent's"
                    + " Docker daemon) or local (the agent itself is the image).");
        };
    }

    boolean isDocker() {
        return docker;
    }

    ContainerRuntime open(Build build) {
        return docker ? DockerRuntime.connect(DockerEndpoint.fromEnvironment(build.env().all())) : new LocalRuntime();
    }

    /** The daemon's images, or null on the local runtime. */
    static DockerImages images(ContainerRuntime opened) {
        return opened instanceof DockerRuntime d ? new DockerImages(d.client(), ManifestDigestResolver.withDefaults()) : null;
    }

    /** The agent's {@code uid:gid} in containers, so workspace files stay the agent's; null when local. */
    String containerUser() {
        return docker ? HostUser.current() : null;
    }

    /** The agent's nvidia-smi, looked up on the build's {@code PATH}. */
    static HostGpuProbe hostProbe(Build build) {
        return HostGpuProbe.onPath(build.env().get("PATH"));
    }

    /** Who containers and leases belong to: the build's URL, as the plugin's {@code BuildOwner} says. */
    static String owner(Build build) {
        String url = build.env().get("BUILD_URL");
        return url != null ? url : build.env().get("JOB_NAME") + "#" + build.env().get("BUILD_NUMBER");
    }
}
