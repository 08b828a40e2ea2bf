package io.gputraining.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gpu-training}: the engine from a terminal, for local reproduction and for any CI. */
@Command(name = "gpu-training", mixinStandardHelpOptions = true, version = "gpu-training 0.1.0",
        description = "Run PyTorch work in pinned GPU images, the way the Jenkins steps do.",
        subcommands = {HealthCommand.class, RunCommand.class, TrainCommand.class, ReproduceCommand.class, GcCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ErrorReporter());
    }
}
