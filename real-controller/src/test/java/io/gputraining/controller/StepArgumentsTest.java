package io.gputraining.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a Pipeline author sees on the real controller when a step call is wrong: the build fails, saying why. */
@TeamJenkins.OnTeamJenkins
class StepArgumentsTest {

    private static final String PINNED = "registry.example/pytorch@sha256:" + "0".repeat(64);

    private static FinishedBuild build(TeamJenkins jenkins, String job, String script) throws Exception {
        jenkins.api().createItem("", job, PipelineJobs.inline(script));
        return FinishedBuild.run(jenkins.api(), "job/" + job + "/", Map.of());
    }

    @Test
    void aMisspeltParameterFailsTheBuildNamingIt(TeamJenkins jenkins) throws Exception {
        FinishedBuild build = build(jenkins, "misspelt-parameter", "node('gpu') { gpuHealthCheck image: 'x', gpu: 'all' }");

        assertThat(build.result()).isEqualTo("FAILURE");
        assertThat(build.console()).contains("Unknown parameter(s) found for class type 'io.jenkins.plugins.gputraining.GpuHealthCheckStep': gpu");
    }

    @Test
    void aNumberGivenAsTextIsRefused(TeamJenkins jenkins) throws Exception {
        FinishedBuild build = build(jenkins, "number-as-text",
                "node('gpu') { trainAndRegister command: 'python3 train.py', model: 'm', image: '" + PINNED + "', timeoutMinutes: 'five' }");

        assertThat(build.result()).isEqualTo("FAILURE");
        assertThat(build.console()).contains("setTimeoutMinutes() expects class java.lang.Integer but was unable to coerce the received value \"five\"");
    }

    @Test
    void aStepThatNeedsAWorkspaceFailsOutsideANode(TeamJenkins jenkins) throws Exception {
        FinishedBuild build = build(jenkins, "outside-node",
                "trainAndRegister command: 'python3 train.py', model: 'm', image: '" + PINNED + "'");

        assertThat(build.result()).isEqualTo("FAILURE");
        assertThat(build.console()).contains("Required context class hudson.")
                .contains("Perhaps you forgot to surround the trainAndRegister step with a step that provides this, such as: node");
    }

    @Test
    void anUnknownStepIsNamedWithTheStepsThereAre(TeamJenkins jenkins) throws Exception {
        FinishedBuild build = build(jenkins, "unknown-step", "node('gpu') { withPytorch(image: 'x') { sh 'true' } }");

        assertThat(build.result()).isEqualTo("FAILURE");
        assertThat(build.console()).contains("No such DSL method 'withPytorch' found among steps [").contains("withPytorchCuda");
    }
}
