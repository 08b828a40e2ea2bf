package io.gputraining.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code gpu-training}: the engine from a terminal, for local reproduction and for any CI. */
@Command(name = "gpu-training", mixinStandardHelpOptions = true, version = "gpu-training 0.1.0",
        description = "Run PyTorch work in pinned GPU images, the way the Jenkins steps do.",
        subcommands = {HealthCommand.class, RunCommand.class, TrainCommand.class, ReproduceCommand.class, GcCommand.class})
public final class Main {

    /** Read before parsing by {@link ConfiguredDefaults#configFlag}; declared so that picocli accepts it anywhere. */
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (default: $GPU_TRAINING_CONFIG or ~/.config/gpu-training/config.properties)")
    Path config;

    public static void main(String[] args) {
        System.exit(execute(System.getenv(), args));
    }

    /** Runs one command line with {@code env} as the environment the configuration is read from. */
    static int execute(Map<String, String> env, String[] args) {
        CommandLine cli = commandLine();
        try {
            cli.setDefaultValueProvider(ConfiguredDefaults.load(env, args));
        } catch (ConfigFileException e) {
            cli.getErr().println("gpu-training: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ErrorReporter());
    }
}
