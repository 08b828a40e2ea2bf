package io.jenkins.plugins.gputraining.container;

import hudson.Launcher;
import hudson.LauncherDecorator;
import hudson.model.Node;
import java.io.Serializable;

/**
 * Put into a {@code withPytorchCuda} body's context: every launcher the body's steps get runs its commands
 * in the block's container. Holds only the block's {@link BlockSession}, so it survives a Pipeline's
 * serialization, and the commands find the container on the agent after a reconnect as before it.
 */
final class ContainerLauncherDecorator extends LauncherDecorator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final BlockSession session;

    ContainerLauncherDecorator(BlockSession session) {
        this.session = session;
    }

    @Override
    public Launcher decorate(Launcher launcher, Node node) {
        return new ContainerLauncher(launcher, session, false);
    }
}
