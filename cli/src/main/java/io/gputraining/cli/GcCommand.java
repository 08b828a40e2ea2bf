package io.gputraining.cli;

import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.docker.DockerRuntime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gpu-training gc}: removes our containers whose owning process is gone. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Remove gpu-training containers whose owner (a killed JVM) is gone.")
final class GcCommand implements Callable<Integer> {

    @Mixin
    DockerOptions docker = new DockerOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (DockerRuntime runtime = DockerRuntime.connect(docker.endpoint())) {
            List<String> removed = new ContainerSweeper(runtime.client()).sweepOrphans();
            spec.commandLine().getOut().println("removed " + removed.size() + " orphaned container(s)"
                    + (removed.isEmpty() ? "" : ": " + String.join(" ", removed.stream().map(id -> id.substring(0, 12)).toList())));
            return ExitCodes.OK;
        }
    }
}
