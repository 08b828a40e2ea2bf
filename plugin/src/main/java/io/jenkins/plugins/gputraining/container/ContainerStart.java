package io.jenkins.plugins.gputraining.container;

import hudson.AbortException;
import hudson.model.TaskListener;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.DockerConfigCredentials;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.launch.ContainerBlockRequest;
import io.gputraining.engine.launch.GpuContainerLaunch;
import io.gputraining.engine.launch.LeasedContainer;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.HostUser;
import io.jenkins.plugins.gputraining.ListenerLogSink;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: starts the block's container through the engine's {@link GpuContainerLaunch} (pin, lease,
 * preflight, start), as the agent's own user, and keeps it in {@link OpenContainers}.
 */
final class ContainerStart extends MasterToSlaveCallable<StartedContainer, Exception> {

    private static final long serialVersionUID = 1L;

    private final ContainerOptions options;
    private final TaskListener listener;

    ContainerStart(ContainerOptions options, TaskListener listener) {
        this.options = options;
        this.listener = listener;
    }

    @Override
    public StartedContainer call() throws Exception {
        ContainerBlockRequest block = options.block();
        ContainerBlockRequest asThisAgent = block.toBuilder().launch(block.launch().toBuilder().user(HostUser.current()).build()).build();
        DockerRuntime runtime = DockerRuntime.connect(options.docker());
        try {
            DockerImages images = new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults(),
                    DockerConfigCredentials.of(options.dockerConfig()));
            LeasedContainer container = new GpuContainerLaunch(runtime, images, HostGpuProbe.onPath(System.getenv("PATH")))
                    .start(asThisAgent, new ListenerLogSink(listener, "withPytorchCuda"), ProgressListener.ignoring());
            OpenContainers.onThisAgent().add(options.sessionId(), new OpenContainer(runtime, container));
            return new StartedContainer(options.sessionId(), container.session().id(), container.image().pinned().toString(),
                    container.lease().deviceIds());
        } catch (EngineException | IllegalArgumentException e) {
            runtime.close();
            // The engine's message says what happened and what to do; a stack trace would bury it.
            throw new AbortException(e.getMessage());
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }
}
