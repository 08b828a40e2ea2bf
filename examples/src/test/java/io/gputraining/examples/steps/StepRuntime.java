package io.gputraining.examples.steps;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.runtime.LocalRuntime;
import io.gputraining.engine.runtime.RuntimeKind;
import io.gputraining.examples.pipeline.Build;
import io.gputraining.examples.pipeline.PipelineFailure;

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
        try {
            return new StepRuntime(RuntimeKind.parse(runtime) == RuntimeKind.DOCKER);
        } catch (EngineException e) {
            throw new PipelineFailure(e.getMessage());
        }
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
