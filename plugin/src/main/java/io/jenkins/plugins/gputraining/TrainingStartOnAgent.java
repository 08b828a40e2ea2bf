package io.jenkins.plugins.gputraining;

import hudson.model.TaskListener;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.registry.ModelRegistries;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.train.StartedTraining;
import io.gputraining.engine.train.TrainingFlow;
import io.gputraining.engine.train.TrainingRequest;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: starts a training that outlives this call ({@link TrainingFlow#start}): pin, lease, preflight,
 * then the container, which holds its GPUs itself. When the controller goes away meanwhile, remoting interrupts this
 * call and the engine leaves nothing behind.
 */
final class TrainingStartOnAgent extends MasterToSlaveCallable<StartedTraining, InterruptedException> {

    private static final long serialVersionUID = 1L;

    private final TrainingRequest request;
    private final String runId;
    private final AgentRuntime runtime;
    private final ModelRegistryConfig registry;
    private final String agentPath;
    private final TaskListener listener;

    /**
     * @param request   the request, with {@code user} still unset: the agent fills in its own {@code uid:gid}
     * @param registry  only for checking the model's name before anything runs
     * @param agentPath the agent's {@code PATH}, where nvidia-smi is looked up
     */
    TrainingStartOnAgent(TrainingRequest request, String runId, AgentRuntime runtime, ModelRegistryConfig registry, String agentPath,
                         TaskListener listener) {
        this.request = request;
        this.runId = runId;
        this.runtime = runtime;
        this.registry = registry;
        this.agentPath = agentPath;
        this.listener = listener;
    }

    @Override
    public StartedTraining call() throws InterruptedException {
        TrainingRequest onThisAgent = request.toBuilder().user(runtime.containerUser()).build();
        try (DockerRuntime docker = runtime.openDocker()) {
            return new TrainingFlow(docker, runtime.images(docker), HostGpuProbe.onPath(agentPath), ModelRegistries.open(registry))
                    .start(onThisAgent, runId, new ListenerLogSink(listener), ProgressListener.ignoring());
        } finally {
            AgentLog.delivered(listener);
        }
    }
}
