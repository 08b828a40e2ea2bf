package io.gputraining.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.examples.pipeline.BuildOutcome;
import io.gputraining.examples.pipeline.CurrentBuild.Result;
import io.gputraining.examples.pipeline.PipelineHarness;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step call the plugin's step would refuse is refused by its binding, before the engine is asked anything. */
class StepArgumentsTest {

    private static final String PINNED = "registry.example/pytorch@sha256:" + "0".repeat(64);

    @TempDir
    Path root;
    private PipelineHarness jenkins;

    @BeforeEach
    void setUp() {
        jenkins = Examples.jenkins(root, root.resolve("scratch"));
    }

    private BuildOutcome build(String script) throws Exception {
        return jenkins.run("steps", 1, null, Map.of(), Map.of(), script);
    }

    @Test
    void aMisspeltParameterFailsTheBuildNamingItAndTheParametersTheStepTakes() throws Exception {
        BuildOutcome build = build("node('gpu') { gpuHealthCheck image: 'x', gpu: 'all' }");

        assertThat(build.result()).isEqualTo(Result.FAILURE);
        assertThat(build.error()).hasMessageStartingWith("Unknown parameter(s) found for gpuHealthCheck: [gpu]; it takes image, gpus,");
    }

    @Test
    void aNumberGivenAsTextIsRefusedWithWhatWasGiven() throws Exception {
        BuildOutcome build = build("node('gpu') { trainAndRegister command: 'python3 train.py', model: 'm', image: '" + PINNED + "', timeoutMinutes: '5' }");

        assertThat(build.error()).hasMessage("trainAndRegister's timeoutMinutes must be a whole number, got String 5");
    }

    @Test
    void aStepThatNeedsAWorkspaceFailsOutsideANode() throws Exception {
        BuildOutcome build = build("trainAndRegister command: 'python3 train.py', model: 'm', image: '" + PINNED + "'");

        assertThat(build.error()).hasMessageContaining("runs only inside node { } or with an agent");
    }

    @Test
    void anUnknownStepIsNamedWithTheStepsThereAre() throws Exception {
        BuildOutcome build = build("node('gpu') { withPytorch(image: 'x') { sh 'true' } }");

        assertThat(build.error()).hasMessageStartingWith("No such DSL method 'withPytorch' found among steps [")
                .hasMessageContaining("withPytorchCuda");
    }
}
