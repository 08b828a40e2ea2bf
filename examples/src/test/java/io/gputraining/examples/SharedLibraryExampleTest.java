package io.gputraining.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.engine.train.RunManifest;
import io.gputraining.engine.train.RunManifestJson;
import io.gputraining.examples.pipeline.BuildOutcome;
import io.gputraining.examples.pipeline.CurrentBuild.Result;
import io.gputraining.examples.pipeline.PipelineHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared-library example ({@code examples/shared-library/vars/standardTraining.groovy}), loaded implicitly as
 * a global library and called from a one-line Jenkinsfile, as its header shows, with the GPU steps bound to the
 * engine. Off main it registers in the {@code scratch} registry, a local one here, read back from its directory.
 */
class SharedLibraryExampleTest {

    @TempDir
    Path root;

    private PipelineHarness jenkins;
    private Path scratch;
    private ExampleProject project;

    @BeforeEach
    void setUp() throws Exception {
        scratch = root.resolve("scratch-registry");
        jenkins = Examples.jenkins(root, scratch).library(ExampleProject.sourceRoot().resolve("examples/shared-library/vars"));
        project = ExampleProject.create(root.resolve("repo"), "feature/smaller-lr");
    }

    @Test
    void offMainStandardTrainingTestsTrainsAndRegistersInTheScratchRegistryWithItsLineage() throws Exception {
        String jenkinsfile = """
                def v = standardTraining model: 'resnet-tiny', command: 'python3 examples/train.py --epochs 3 --lr 0.005',
                        image: '%s', cpuOnly: true, tests: 'python3 -m unittest discover -s tests', artifacts: 'model.pt,metrics.json'
                echo "standardTraining returned ${v.model} ${v.version} at ${v.uri}"
                return v
                """.formatted(TestEnvironment.torchImage());

        BuildOutcome build = jenkins.run("resnet-tiny/feature%2Fsmaller-lr", 4, project.source("feature/smaller-lr"), Map.of(), Map.of(),
                jenkinsfile);

        assertThat(build.error()).as(build.log()).isNull();
        assertThat(build.result()).isEqualTo(Result.SUCCESS);
        assertThat(build.log()).contains("GPUs: \n").contains("Ran 2 tests").contains("standardTraining returned resnet-tiny 1 at");
        assertThat(build.returned()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("registry", "model", "version", "uri", "digest")
                .containsEntry("registry", "local " + scratch).containsEntry("model", "resnet-tiny").containsEntry("version", "1");

        Path version = scratch.resolve("models/resnet-tiny/versions/1");
        RunManifest manifest = new RunManifestJson().read(Files.readAllBytes(version.resolve("run-manifest.json")));
        assertThat(manifest.image().pinned()).isEqualTo(TestEnvironment.torchImage());
        assertThat(manifest.image().digest()).isEqualTo(Examples.torchImageDigest());
        assertThat(manifest.lineage().gitCommit()).isEqualTo(project.head());
        assertThat(manifest.lineage().buildId()).isEqualTo("jenkins-resnet-tiny-feature%2Fsmaller-lr-4");
        assertThat(manifest.command()).containsExactly("python3", "examples/train.py", "--epochs", "3", "--lr", "0.005");
        assertThat(manifest.params()).containsEntry("epochs", "3").containsEntry("lr", "0.005");
        assertThat(manifest.metrics()).containsKey("final_loss");
        assertThat(manifest.artifacts()).extracting(RunManifest.Artifact::path).containsExactly("metrics.json", "model.pt");
        assertThat(manifest.alias()).isNull();
    }

    @Test
    void withoutAModelStandardTrainingStopsWithItsOwnMessageBeforeAnyNode() throws Exception {
        BuildOutcome build = jenkins.run("resnet-tiny/main", 1, project.source("feature/smaller-lr"), Map.of(), Map.of(),
                "standardTraining command: 'python3 train.py'");

        assertThat(build.result()).isEqualTo(Result.FAILURE);
        assertThat(build.error()).hasMessage("standardTraining needs model: and command: (got [command])");
        assertThat(build.log()).doesNotContain("Running on");
    }
}
