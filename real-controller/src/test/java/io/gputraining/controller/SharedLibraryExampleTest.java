package io.gputraining.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.engine.train.RunManifest;
import io.gputraining.engine.train.RunManifestJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared-library example ({@code examples/shared-library}) as the global library {@code ml-pipelines} from
 * its git repository (configured as code), called from a team's one-line Jenkinsfile as its header shows. Off
 * {@code main} it registers in the {@code scratch} registry, a local one on the agent, read back from there.
 */
@TeamJenkins.OnTeamJenkins
class SharedLibraryExampleTest {

    @Test
    void offMainStandardTrainingTestsTrainsAndRegistersInTheScratchRegistryWithItsLineage(TeamJenkins jenkins) throws Exception {
        GitRepository repository = TeamProject.create(jenkins.layout(), "resnet-tiny", "feature/smaller-lr");
        Files.writeString(repository.directory().resolve("Jenkinsfile"), """
                @Library('ml-pipelines') _
                def v = standardTraining model: 'resnet-tiny', command: 'python3 examples/train.py --epochs 3 --lr 0.005',
                        image: '%s', cpuOnly: true, tests: 'python3 -m unittest discover -s tests', artifacts: 'model.pt,metrics.json'
                echo "standardTraining returned ${v.model} ${v.version} at ${v.uri}: ${v}"
                """.formatted(TestEnvironment.torchImage()));
        String commit = repository.commitAll("train with the team's standard pipeline");
        jenkins.api().createItem("", "resnet-tiny", PipelineJobs.fromScm(repository.url(), "feature/smaller-lr"));

        FinishedBuild build = FinishedBuild.run(jenkins.api(), "job/resnet-tiny/", Map.of());

        Path scratch = jenkins.layout().scratchRegistry();
        assertThat(build.result()).as(build.toString()).isEqualTo("SUCCESS");
        assertThat(build.console()).contains("Loading library " + ControllerConfiguration.LIBRARY + "@main")
                .contains("GPUs: \n").contains("Ran 2 tests")
                .contains("standardTraining returned resnet-tiny 1 at ")
                .contains("registry:local " + scratch).contains("model:resnet-tiny").contains("version:1");

        Path version = scratch.resolve("models/resnet-tiny/versions/1");
        RunManifest manifest = new RunManifestJson().read(Files.readAllBytes(version.resolve("run-manifest.json")));
        assertThat(manifest.image().pinned()).isEqualTo(TestEnvironment.torchImage());
        assertThat(manifest.image().digest()).isEqualTo(TeamProject.torchImageDigest());
        assertThat(manifest.lineage().gitCommit()).isEqualTo(commit);
        assertThat(manifest.lineage().buildId()).isEqualTo("jenkins-resnet-tiny-" + build.number());
        assertThat(manifest.lineage().buildUrl()).isEqualTo(build.url());
        assertThat(manifest.command()).containsExactly("python3", "examples/train.py", "--epochs", "3", "--lr", "0.005");
        assertThat(manifest.params()).containsEntry("epochs", "3").containsEntry("lr", "0.005");
        assertThat(manifest.metrics()).containsKey("final_loss");
        assertThat(manifest.artifacts()).extracting(RunManifest.Artifact::path).containsExactly("metrics.json", "model.pt");
        assertThat(manifest.alias()).isNull();

        String page = jenkins.pages().html(build.path());
        assertThat(page).contains("GPU preflight: PASS").contains("Registered resnet-tiny version 1")
                .contains(version.toString()).contains("gpu-training-metric-charts");
        assertThat(Files.size(jenkins.pages().screenshot(build.path(), "shared-library-standard-training"))).isGreaterThan(10_000);
    }

    @Test
    void withoutAModelStandardTrainingStopsWithItsOwnMessageBeforeAnyNode(TeamJenkins jenkins) throws Exception {
        jenkins.api().createItem("", "library-without-model",
                PipelineJobs.inline("@Library('ml-pipelines') _\nstandardTraining command: 'python3 train.py'"));

        FinishedBuild build = FinishedBuild.run(jenkins.api(), "job/library-without-model/", Map.of());

        assertThat(build.result()).isEqualTo("FAILURE");
        assertThat(build.console()).contains("standardTraining needs model: and command: (got [command])")
                .doesNotContain("Running on");
    }
}
