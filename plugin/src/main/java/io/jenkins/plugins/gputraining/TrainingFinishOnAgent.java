package io.jenkins.plugins.gputraining;

import hudson.model.TaskListener;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.registry.ModelRegistries;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.runtime.ContainerGoneException;
import io.gputraining.engine.train.TrainingContainer;
import io.gputraining.engine.train.TrainingResult;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: finishes an ended training ({@link TrainingContainer#finish}): judges its exit, collects the
 * artifacts and registers them. Safe to repeat (the registry answers a repeated idempotency key with the version it
 * made); the container stays until the controller has the result. Null when the training's container is gone.
 */
final class TrainingFinishOnAgent extends MasterToSlaveCallable<TrainingResult, InterruptedException> {

    private static final long serialVersionUID = 1L;

    private final AgentRuntime runtime;
    private final String owner;
    private final String runId;
    private final ModelRegistryConfig registry;
    private final TaskListener listener;

    TrainingFinishOnAgent(AgentRuntime runtime, String owner, String runId, ModelRegistryConfig registry, TaskListener listener) {
        this.runtime = runtime;
        this.owner = owner;
        this.runId = runId;
        this.registry = registry;
        this.listener = listener;
    }

    @Override
    public TrainingResult call() throws InterruptedException {
        try (DockerRuntime docker = runtime.openDocker()) {
            var training = TrainingContainer.find(docker, owner, runId);
            if (training.isEmpty()) {
                return null;
            }
            return training.get().finish(ModelRegistries.open(registry), new ListenerLogSink(listener), ProgressListener.ignoring());
        } catch (ContainerGoneException e) {
            return null;
        } finally {
            AgentLog.delivered(listener);
        }
    }
}
