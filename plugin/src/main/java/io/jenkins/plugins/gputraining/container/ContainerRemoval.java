package io.jenkins.plugins.gputraining.container;

import jenkins.security.MasterToSlaveCallable;

/** Runs on the agent: removes a block's container and releases its GPUs. Says whether there was one. */
final class ContainerRemoval extends MasterToSlaveCallable<Boolean, RuntimeException> {

    private static final long serialVersionUID = 1L;

    private final String sessionId;

    ContainerRemoval(String sessionId) {
        this.sessionId = sessionId;
    }

    @Override
    public Boolean call() {
        return OpenContainers.onThisAgent().close(sessionId);
    }
}
