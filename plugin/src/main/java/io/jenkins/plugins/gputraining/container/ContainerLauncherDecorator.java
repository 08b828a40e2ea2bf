package io.jenkins.plugins.gputraining.container;

import hudson.Launcher;
import hudson.LauncherDecorator;
import hudson.model.Node;
import java.io.Serializable;

/**
 * Put into a {@code withPytorchCuda} body's context: every launcher the body's steps get runs its commands
 * in the block's container. Holds only the id of the agent's session, so it survives a Pipeline's
 * serialization; the session itself stays in the agent's {@link OpenContainers}.
 */
final class ContainerLauncherDecorator extends LauncherDecorator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String sessionId;

    ContainerLauncherDecorator(String sessionId) {
        this.sessionId = sessionId;
    }

    @Override
    public Launcher decorate(Launcher launcher, Node node) {
        return new ContainerLauncher(launcher, sessionId, false);
    }
}
