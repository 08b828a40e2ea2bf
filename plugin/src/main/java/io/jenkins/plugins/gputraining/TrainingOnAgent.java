package io.jenkins.plugins.gputraining;

import hudson.model.TaskListener;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.ModelRegistries;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.train.TrainingFlow;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.engine.train.TrainingResult;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs the engine's {@link TrainingFlow} in the agent's JVM, where the workspace, the GPUs, their lock
 * directory and the Docker daemon are. The registry's credentials travel inside {@code registry} (masked in its
 * {@code toString}); nothing here logs them.
 */
final class TrainingOnAgent extends MasterToSlaveCallable<TrainingResult, InterruptedException> {

    private static final long serialVersionUID = 1L;

    private final TrainingRequest request;
    private final AgentRuntime runtime;
    private final ModelRegistryConfig registry;
    private final String agentPath;
    private final TaskListener listener;

    /**
     * @param request   the request, with {@code user} still unset: the agent fills in its own {@code uid:gid}
     * @param agentPath the agent's {@code PATH}, where nvidia-smi is looked up
     */
    TrainingOnAgent(TrainingRequest request, AgentRuntime runtime, ModelRegistryConfig registry, String agentPath,
                    TaskListener listener) {
        this.request = request;
        this.runtime = runtime;
        this.registry = registry;
        this.agentPath = agentPath;
        this.listener = listener;
    }

    @Override
    public TrainingResult call() throws InterruptedException {
        ListenerLogSink log = new ListenerLogSink(listener);
        TrainingRequest onThisAgent = request.toBuilder().user(runtime.containerUser()).build();
        try (ContainerRuntime opened = runtime.open()) {
            return new TrainingFlow(opened, runtime.images(opened), HostGpuProbe.onPath(agentPath), ModelRegistries.open(registry))
                    .run(onThisAgent, log, ProgressListener.ignoring());
        } finally {
            AgentLog.delivered(listener);
        }
    }
}
