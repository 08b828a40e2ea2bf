package io.jenkins.plugins.gputraining.container;

import hudson.AbortException;
import hudson.model.TaskListener;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.DockerConfigCredentials;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.launch.BlockContainer;
import io.gputraining.engine.launch.ContainerBlockRequest;
import io.gputraining.engine.launch.GpuContainerLaunch;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.HostUser;
import io.jenkins.plugins.gputraining.AgentLog;
import io.jenkins.plugins.gputraining.ListenerLogSink;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: starts the block's container through the engine's {@link GpuContainerLaunch} (pin, lease,
 * preflight, start), as the agent's own user, labelled with the block's session. The container holds its GPUs
 * itself and outlives this call; the block's commands find it by the session ({@link AgentBlock}).
 */
final class ContainerStart extends MasterToSlaveCallable<StartedContainer, Exception> {

    private static final long serialVersionUID = 1L;

    private final ContainerOptions options;
    private final TaskListener listener;

    ContainerStart(ContainerOptions options, TaskListener listener) {
        this.options = options;
        this.listener = listener;
    }

    /** Where nvidia-smi is looked up: the build's PATH, as for the health check and the training. */
    private String agentPath() {
        return options.agentPath() != null ? options.agentPath() : System.getenv("PATH");
    }

    @Override
    public StartedContainer call() throws Exception {
        ContainerBlockRequest block = options.block();
        ContainerBlockRequest asThisAgent = block.toBuilder().launch(block.launch().toBuilder().user(HostUser.current()).build()).build();
        try (DockerRuntime runtime = DockerRuntime.connect(options.docker())) {
            DockerImages images = new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults(),
                    DockerConfigCredentials.of(options.dockerConfig()));
            BlockContainer container = new GpuContainerLaunch(runtime, images, HostGpuProbe.onPath(agentPath()))
                    .start(asThisAgent, options.sessionId(), new ListenerLogSink(listener, "withPytorchCuda"), ProgressListener.ignoring());
            return new StartedContainer(options.sessionId(), container.id(), container.image().pinned().toString(), container.gpuIds());
        } catch (EngineException | IllegalArgumentException e) {
            // The engine's message says what happened and what to do; a stack trace would bury it.
            throw new AbortException(e.getMessage());
        } finally {
            AgentLog.delivered(listener);
        }
    }
}
