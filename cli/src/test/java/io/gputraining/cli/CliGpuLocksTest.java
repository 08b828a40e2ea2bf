package io.gputraining.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command that leases GPUs takes the one lock directory (and GPU wait) a team configures, so that the CLI and
 * the Jenkins steps on a host see each other's leases: {@code reproduce} once hard-coded its own.
 */
class CliGpuLocksTest {

    private static final Map<String, String> TEAM = Map.of("GPU_TRAINING_GPU_LOCK_DIR", "/var/lib/gpu-training/locks",
            "GPU_TRAINING_GPU_WAIT_SECONDS", "42");

    /** The command object as picocli fills it for {@code args} under {@code env}, as {@link Main#execute} would. */
    private static <T> T parsed(Class<T> command, Map<String, String> env, Path home, String... args) {
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("HOME", home.toString());
        CommandLine cli = Main.commandLine();
        cli.setDefaultValueProvider(ConfiguredDefaults.load(environment, args));
        CommandLine.ParseResult result = cli.parseArgs(args);
        return command.cast(result.subcommand().commandSpec().userObject());
    }

    @Test
    void reproduceLeasesInTheConfiguredLockDirectory(@TempDir Path home) {
        ReproduceCommand reproduce = parsed(ReproduceCommand.class, TEAM, home, "reproduce", "run-manifest.json");

        assertThat(reproduce.gpuLockDir).isEqualTo(Path.of("/var/lib/gpu-training/locks"));
        assertThat(reproduce.gpuWaitSeconds).isEqualTo(42);
    }

    @Test
    void healthTrainAndRunLeaseInTheConfiguredLockDirectory(@TempDir Path home) {
        assertThat(parsed(HealthCommand.class, TEAM, home, "health", "--image", "x").gpuLockDir)
                .isEqualTo(Path.of("/var/lib/gpu-training/locks"));
        assertThat(parsed(TrainCommand.class, TEAM, home, "train", "--model", "m", "--", "true").gpuLockDir)
                .isEqualTo(Path.of("/var/lib/gpu-training/locks"));
        assertThat(parsed(RunCommand.class, TEAM, home, "run", "--", "true").gpuLockDir)
                .isEqualTo(Path.of("/var/lib/gpu-training/locks"));
    }

    @Test
    void healthWaitsLikeATrainingUnlessAskedToCheckOnlyIdleGpus(@TempDir Path home) {
        HealthCommand waiting = parsed(HealthCommand.class, Map.of(), home, "health", "--image", "x");
        HealthCommand idle = parsed(HealthCommand.class, Map.of(), home, "health", "--image", "x", "--idle-gpus-only");

        assertThat(waiting.idleGpusOnly).isFalse();
        assertThat(waiting.gpuWaitSeconds).isEqualTo(parsed(TrainCommand.class, Map.of(), home, "train", "--model", "m", "--", "true")
                .gpuWaitSeconds);
        assertThat(idle.idleGpusOnly).isTrue();
    }
}
