package io.jenkins.plugins.gputraining.container;

import hudson.Launcher;
import hudson.Proc;
import hudson.model.Run;
import java.io.IOException;
import java.util.Map;

/**
 * The freestyle launcher: Jenkins decorates a build's launcher before any wrapper is set up, so this one
 * decides at each launch. While {@link PytorchCudaBuildWrapper} holds a container open (an
 * {@link OpenContainerAction} on the build) commands run in it; before (checkout) and after (publishers)
 * they run on the agent. Build steps' scripts in the agent's temporary directory are copied into the container
 * ({@link AgentTempScripts}).
 */
final class BuildContainerLauncher extends Launcher.DecoratedLauncher {

    private final Run<?, ?> build;

    BuildContainerLauncher(Launcher inner, Run<?, ?> build) {
        super(inner);
        this.build = build;
    }

    @Override
    public Proc launch(ProcStarter starter) throws IOException {
        return current().launch(starter);
    }

    @Override
    public void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException {
        current().kill(modelEnvVars);
    }

    /** The container's launcher while the wrapper holds one open, else the agent's. */
    private Launcher current() {
        OpenContainerAction open = build.getAction(OpenContainerAction.class);
        return open == null ? getInner() : new ContainerLauncher(getInner(), open.session(), true);
    }
}
