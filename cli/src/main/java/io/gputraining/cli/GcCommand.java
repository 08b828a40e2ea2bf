package io.gputraining.cli;

import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.docker.DockerRuntime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gpu-training gc}: removes our containers whose owning process is gone. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Remove gpu-training containers whose owner (a killed JVM) is gone.")
final class GcCommand implements Callable<Integer> {

    @Mixin
    DockerOptions docker = new DockerOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        try (DockerRuntime runtime = DockerRuntime.connect(docker.endpoint())) {
            List<String> removed = new ContainerSweeper(runtime.client()).sweepOrphans();
            output.human().println("removed " + removed.size() + " orphaned container(s)"
                    + (removed.isEmpty() ? "" : ": " + String.join(" ", removed.stream().map(id -> id.substring(0, 12)).toList())));
            output.print(new JsonDocument("gc").put("removed", removed), ExitCodes.OK);
            return ExitCodes.OK;
        }
    }
}
