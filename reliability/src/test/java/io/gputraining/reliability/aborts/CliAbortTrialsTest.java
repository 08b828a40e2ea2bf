package io.gputraining.reliability.aborts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.reliability.Trials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT, SIGTERM and SIGKILL of the real CLI at random points of {@code train} and {@code run}, against
 * the real daemons (Docker, and Podman's rootful service) and the pinned PyTorch image. After each: the sweeper, then the {@link AbortInvariants}.
 * A few trials by default (one per scenario), {@code -Dgt.reliability.long=true} for the figures.
 */
class CliAbortTrialsTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // the long mode takes minutes; a hung trial must not hang CI
    void noAbortOfTheCliLeavesAContainerALeaseOrAHalfVersion() throws Exception {
        TestEnvironment.torchImage();
        Random random = Trials.random("aborts/cli");
        int trials = Trials.count(CliScenario.values().length, 108);
        AbortTally tally = new AbortTally(trials);
        try (DockerRuntime docker = DockerRuntime.connect(TrialDaemon.DOCKER.endpoint());
             DockerRuntime podman = DockerRuntime.connect(TrialDaemon.PODMAN.endpoint())) {
            // Scoped to each trial's own (dead) CLI rather than every orphan on the daemon: other suites' SIGKILL
            // tests share it and count their orphans before they sweep them.
            Map<TrialDaemon, ContainerSweeper> sweepers = Map.of(TrialDaemon.DOCKER, new ContainerSweeper(docker.client()),
                    TrialDaemon.PODMAN, new ContainerSweeper(podman.client()));
            int firstPhase = random.nextInt(60);
        for (int i = 0; i < trials; i++) {
                CliScenario scenario = CliScenario.values()[i % CliScenario.values().length];
                AbortSignal signal = AbortSignal.values()[random.nextInt(AbortSignal.values().length)];
                // Each phase in turn (from a random one), so that short phases are aimed at as often as long ones.
                Phase aim = scenario.phases().get((i / CliScenario.values().length + firstPhase) % scenario.phases().size());
                Duration delay = Duration.ofMillis(random.nextInt(aim.maxDelayMillis() + 1));
                TrialRegistry registry = scenario.registers() ? TrialRegistry.values()[random.nextInt(TrialRegistry.values().length)]
                        : TrialRegistry.LOCAL;
                TrialResult r = new CliAbortTrial(scenario, signal, aim, delay, registry).run(dir, sweepers.get(scenario.daemon()));
                tally.record(r);
            }
        }
        assertThat(tally.lost()).as("trials in which an invariant broke").isEmpty();
    }
}
