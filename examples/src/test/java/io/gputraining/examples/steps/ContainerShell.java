package io.gputraining.examples.steps;

import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ExecSpec;
import io.gputraining.examples.pipeline.Build;
import io.gputraining.examples.pipeline.Shell;
import java.util.List;

/**
 * {@code sh} inside {@code withPytorchCuda}: one exec in the block's container, in the workspace, with the build's
 * own variables (not the agent's, as the plugin passes them), run as Jenkins runs a shell step: {@code sh -xe}.
 */
final class ContainerShell implements Shell {

    private final ContainerSession session;

    ContainerShell(ContainerSession session) {
        this.session = session;
    }

    @Override
    public int run(String script, Build build) throws InterruptedException {
        return session.exec(new ExecSpec(List.of("sh", "-xe", "-c", script), build.env().buildVariables(),
                build.workspace().toString(), null), build.log());
    }
}
