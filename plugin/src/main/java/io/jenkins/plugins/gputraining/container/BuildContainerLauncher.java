package io.jenkins.plugins.gputraining.container;

import hudson.Launcher;
import hudson.Proc;
import hudson.model.Run;
import java.io.IOException;

/**
 * The freestyle launcher: Jenkins decorates a build's launcher before any wrapper is set up, so this one
 * decides at each launch. While {@link PytorchCudaBuildWrapper} holds a container open (an
 * {@link OpenContainerAction} on the build) commands run in it; before (checkout) and after (publishers)
 * they run on the agent.
 */
final class BuildContainerLauncher extends Launcher.DecoratedLauncher {

    private final Run<?, ?> build;

    BuildContainerLauncher(Launcher inner, Run<?, ?> build) {
        super(inner);
        this.build = build;
    }

    @Override
    public Proc launch(ProcStarter starter) throws IOException {
        OpenContainerAction open = build.getAction(OpenContainerAction.class);
        if (open == null) {
            return getInner().launch(starter);
        }
        return new ContainerLauncher(getInner(), open.sessionId()).launch(starter);
    }
}
