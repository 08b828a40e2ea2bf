package io.gputraining.cli;

import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.runtime.LocalProcessLedger;
import io.gputraining.engine.runtime.LocalProcessSweeper;
import io.gputraining.engine.runtime.LocalRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gpu-training gc}: ends the local processes and removes the containers whose owner (a killed JVM) is gone. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "End local-runtime processes and remove gpu-training containers whose owner (a killed JVM) is gone.")
final class GcCommand implements Callable<Integer> {

    @Mixin
    DockerOptions docker = new DockerOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--runtime", defaultValue = "docker", description = "Whose containers to sweep: docker or podman (its"
            + " socket as --runtime podman finds it); local sweeps processes only. Default: ${DEFAULT-VALUE}")
    RuntimeChoice runtime;

    @Option(names = "--local-processes", paramLabel = "DIR",
            description = "Where the local runtime notes its processes (default: gpu-training-processes in the temp directory)")
    Path localProcesses;

    @Override
    public Integer call() {
        LocalProcessLedger ledger = new LocalProcessLedger(localProcesses == null ? LocalProcessLedger.defaultDirectory() : localProcesses);
        List<String> ended = new LocalProcessSweeper(ledger, LocalRuntime.DEFAULT_KILL_GRACE).sweepOrphans();
        output.human().println("ended " + ended.size() + " orphaned local process(es)"
                + (ended.isEmpty() ? "" : ": " + String.join(", ", ended)));
        if (!runtime.containers()) {
            output.print(new JsonDocument("gc").put("endedProcesses", ended).put("removed", List.of()), ExitCodes.OK);
            return ExitCodes.OK;
        }
        try (DockerRuntime daemon = DockerRuntime.connect(docker.endpoint(runtime))) {
            List<String> removed = new ContainerSweeper(daemon.client()).sweepOrphans();
            output.human().println("removed " + removed.size() + " orphaned container(s)"
                    + (removed.isEmpty() ? "" : ": " + String.join(" ", removed.stream().map(id -> id.substring(0, 12)).toList())));
            output.print(new JsonDocument("gc").put("endedProcesses", ended).put("removed", removed), ExitCodes.OK);
            return ExitCodes.OK;
        }
    }
}
