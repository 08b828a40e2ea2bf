package io.gputraining.reliability.aborts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.reliability.Figures;
import io.gputraining.reliability.Trials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Thread.interrupt} of an in-process training flow at random points, as a Jenkins abort arrives. */
class FlowInterruptTrialsTest {

    @TempDir
    Path dir;

    @Test
    void noInterruptOfTheFlowLeavesAContainerALeaseOrAHalfVersionOrGoesUnanswered() throws Exception {
        TestEnvironment.torchImage();
        Random random = Trials.random("aborts/flow");
        int trials = Trials.count(FlowScenario.values().length, 20);
        Figures figures = Figures.of("aborts");
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            FlowScenario scenario = FlowScenario.values()[i % FlowScenario.values().length];
            Phase aim = scenario.phases().get(random.nextInt(scenario.phases().size()));
            Duration delay = Duration.ofMillis(random.nextInt(aim.maxDelayMillis() + 1));
            TrialRegistry registry = TrialRegistry.values()[random.nextInt(TrialRegistry.values().length)];
            CliAbortTrial.Result r = new FlowInterruptTrial(scenario, aim, delay, registry).run(dir);
            figures.judge(r.row(), r.problems(), r.detail());
            System.out.println("[aborts] " + (i + 1) + "/" + trials + " " + r.row() + ": "
                    + (r.problems().isEmpty() ? "survived, " + r.detail() : "LOST, " + r.problems()));
            if (!r.problems().isEmpty()) {
                lost.add(r.row() + " (" + r.detail() + "): " + r.problems());
            }
        }
        assertThat(lost).as("trials in which an invariant broke").isEmpty();
    }
}
