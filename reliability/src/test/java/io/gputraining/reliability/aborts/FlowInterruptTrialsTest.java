package io.gputraining.reliability.aborts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.reliability.Trials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code Thread.interrupt} of an in-process training flow at random points, as a Jenkins abort arrives. */
class FlowInterruptTrialsTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // the long mode takes minutes; a hung trial must not hang CI
    void noInterruptOfTheFlowLeavesAContainerALeaseOrAHalfVersionOrGoesUnanswered() throws Exception {
        TestEnvironment.torchImage();
        Random random = Trials.random("aborts/flow");
        int trials = Trials.count(FlowScenario.values().length, 42);
        AbortTally tally = new AbortTally(trials);
        int firstPhase = random.nextInt(60);
        for (int i = 0; i < trials; i++) {
            FlowScenario scenario = FlowScenario.values()[i % FlowScenario.values().length];
            // Each phase in turn (from a random one), so that short phases are aimed at as often as long ones.
            Phase aim = scenario.phases().get((i / FlowScenario.values().length + firstPhase) % scenario.phases().size());
            Duration delay = Duration.ofMillis(random.nextInt(aim.maxDelayMillis() + 1));
            TrialRegistry registry = TrialRegistry.values()[random.nextInt(TrialRegistry.values().length)];
            TrialResult r = new FlowInterruptTrial(scenario, aim, delay, registry).run(dir);
            tally.record(r);
        }
        assertThat(tally.lost()).as("trials in which an invariant broke").isEmpty();
    }
}
