package io.jenkins.plugins.gputraining;

import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.runtime.ContainerGoneException;
import io.gputraining.engine.runtime.LogPosition;
import io.gputraining.engine.train.TrainingContainer;
import io.gputraining.engine.train.TrainingProgress;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: one look at a training ({@link TrainingContainer#poll}) through a fresh daemon connection,
 * so that it works the same after an agent reconnect or restart. Null when the training's container is gone.
 */
final class TrainingPollOnAgent extends MasterToSlaveCallable<TrainingProgress, InterruptedException> {

    private static final long serialVersionUID = 1L;

    private final AgentRuntime runtime;
    private final String owner;
    private final String runId;
    private final LogPosition from;
    private final int maxBytes;

    TrainingPollOnAgent(AgentRuntime runtime, String owner, String runId, LogPosition from, int maxBytes) {
        this.runtime = runtime;
        this.owner = owner;
        this.runId = runId;
        this.from = from;
        this.maxBytes = maxBytes;
    }

    @Override
    public TrainingProgress call() throws InterruptedException {
        try (DockerRuntime docker = runtime.openDocker()) {
            var training = TrainingContainer.find(docker, owner, runId);
            return training.isEmpty() ? null : training.get().poll(from, maxBytes);
        } catch (ContainerGoneException e) {
            return null; // removed between the look-up and the look
        }
    }
}
