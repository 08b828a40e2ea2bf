package io.jenkins.plugins.gputraining;

import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.train.TrainingContainer;
import jenkins.security.MasterToSlaveCallable;

/** Runs on the agent: removes a training's container, which ends its command and frees its GPUs. Says whether there was one. */
final class TrainingRemovalOnAgent extends MasterToSlaveCallable<Boolean, RuntimeException> {

    private static final long serialVersionUID = 1L;

    private final AgentRuntime runtime;
    private final String owner;
    private final String runId;

    TrainingRemovalOnAgent(AgentRuntime runtime, String owner, String runId) {
        this.runtime = runtime;
        this.owner = owner;
        this.runId = runId;
    }

    @Override
    public Boolean call() {
        try (DockerRuntime docker = runtime.openDocker()) {
            var training = TrainingContainer.find(docker, owner, runId);
            training.ifPresent(TrainingContainer::remove);
            return training.isPresent();
        }
    }
}
