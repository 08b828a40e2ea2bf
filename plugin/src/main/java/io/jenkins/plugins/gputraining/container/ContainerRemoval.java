package io.jenkins.plugins.gputraining.container;

import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: removes a block's container, found by its session, which ends what runs in it and frees its GPUs.
 * Says whether there was one.
 */
final class ContainerRemoval extends MasterToSlaveCallable<Boolean, RuntimeException> {

    private static final long serialVersionUID = 1L;

    private final BlockSession session;

    ContainerRemoval(BlockSession session) {
        this.session = session;
    }

    @Override
    public Boolean call() {
        return AgentBlock.find(session).map(block -> {
            try (block) {
                block.container().remove();
                return true;
            }
        }).orElse(false);
    }
}
