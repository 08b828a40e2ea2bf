package io.gputraining.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gputraining.engine.registry.mlflow.MlflowServer;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code Jenkinsfile.example}, unchanged, in a team's git repository, built by a multibranch Pipeline job (its
 * {@code when { branch 'main' }} needs one) on the real controller's {@code gpu} agent: Docker, no GPU, the
 * PyTorch test image pinned by digest, the test MLflow server as {@code mlflow-prod}. What it registered is read
 * back from MLflow itself; its build page is checked and screenshot.
 */
@TeamJenkins.OnTeamJenkins
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the builds share the branch's workspace: the failed build after a training must not archive that training's files
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JenkinsfileExampleTest {

    private static final String MODEL = "tiny-regressor";
    private static final String JOB = "job/tiny-regressor/job/main/";

    private final MlflowServer mlflow = new MlflowServer();
    private TeamJenkins jenkins;
    private GitRepository repository;
    private String commit;
    private FinishedBuild firstBuild;

    @BeforeAll
    void createTheJobAndLetItsFirstBuildRun(TeamJenkins jenkins) throws Exception {
        this.jenkins = jenkins;
        repository = TeamProject.create(jenkins.layout(), "tiny-regressor", "main");
        commit = repository.head();
        jenkins.api().createItem("", "tiny-regressor", multibranchJob(repository.url()));
        // Indexing finds the branch main and builds it: with the Jenkinsfile's defaults, as every first build of a
        // job whose parameters the Jenkinsfile declares.
        jenkins.api().post("job/tiny-regressor/build?delay=0sec", "application/x-www-form-urlencoded", "");
        jenkins.api().awaitPage(JOB + "1/api/json", FinishedBuild.BUILD_TIMEOUT);
        firstBuild = FinishedBuild.await(jenkins.api(), JOB, 1);
    }

    @Test
    @Order(1)
    void theFirstBuildWithTheDefaultsStopsAtThePreflightAndRegistersNothing() throws Exception {
        assertThat(firstBuild.result()).as(firstBuild.toString()).isEqualTo("FAILURE");
        assertThat(firstBuild.console()).contains("Stage \"Unit tests on the GPU\" skipped due to earlier failure(s)")
                .contains("Stage \"Train and register\" skipped due to earlier failure(s)");
        assertThat(versionsRegisteredBy(firstBuild)).isEmpty();
    }

    @Test
    @Order(3)
    void onAnAgentWithoutGpusThePreflightFailsTheBuildNamingTheMissingDriver() throws Exception {
        FinishedBuild build = FinishedBuild.run(jenkins.api(), JOB, Map.of("TORCH_IMAGE", TestEnvironment.torchImage()));

        assertThat(build.result()).as(build.toString()).isEqualTo("FAILURE");
        assertThat(build.console()).contains("GPU preflight failed: ").contains("host-driver: no NVIDIA driver on this agent")
                .contains("Stage \"Train and register\" skipped due to earlier failure(s)")
                .doesNotContain("registered " + MODEL);
        assertThat(versionsRegisteredBy(build)).isEmpty();
        // nothing was trained, so nothing is archived: not even what an earlier build trained in this workspace
        assertThat(build.json().path("artifacts")).isEmpty();
        // a failed preflight shows its table open, with the fix for each failed check
        assertThat(jenkins.pages().html(build.path())).contains("GPU preflight: FAIL").contains("open=\"open\"")
                .contains("Install the NVIDIA Container Toolkit on the agent");
        assertThat(Files.size(jenkins.pages().screenshot(build.path(), "jenkinsfile-example-no-gpu"))).isGreaterThan(10_000);
    }

    @Test
    @Order(2)
    void aCpuOnlyBuildOnMainTestsTrainsAndRegistersTheModelInMlflowWithItsLineage() throws Exception {
        FinishedBuild build = FinishedBuild.run(jenkins.api(), JOB,
                Map.of("TORCH_IMAGE", TestEnvironment.torchImage(), "CPU_ONLY", "true"));

        assertThat(build.result()).as(build.toString()).isEqualTo("SUCCESS");
        assertThat(build.console()).contains("preflight PASS: driver null, torch 1.13").contains("Ran 2 tests").contains("OK")
                .contains("Running on " + ControllerConfiguration.AGENT);
        Matcher registered = Pattern.compile(MODEL + " v(\\d+)").matcher(String.valueOf(build.description()));
        assertThat(registered.matches()).as(build.description()).isTrue();
        String version = registered.group(1);

        JsonNode modelVersion = mlflow.modelVersion(MODEL, version);
        assertThat(MlflowPairs.of(modelVersion.path("tags"))).containsEntry("gpu_training.image", TestEnvironment.torchImage())
                .containsEntry("gpu_training.image_digest", TeamProject.torchImageDigest())
                .containsEntry("gpu_training.git_commit", commit)
                .containsEntry("gpu_training.git_url", repository.url())
                .containsEntry("gpu_training.build_id", "jenkins-tiny-regressor-main-" + build.number())
                .containsEntry("gpu_training.build_url", build.url());
        assertThat(modelVersion.path("aliases").toString()).contains("candidate");
        JsonNode run = mlflow.run(modelVersion.path("run_id").asText());
        assertThat(MlflowPairs.of(run.path("data").path("params"))).containsEntry("epochs", "20").containsEntry("seed", "0");
        assertThat(MlflowPairs.of(run.path("data").path("metrics"))).containsKeys("final_loss", "train_seconds");
        // post { always { archiveArtifacts … } } kept the training's metrics.json with the build
        assertThat(build.json().path("artifacts").findValuesAsText("fileName")).containsExactly("metrics.json");

        String page = jenkins.pages().html(build.path());
        assertThat(page).contains("GPU preflight: PASS").contains("Registered " + MODEL + " version " + version)
                .contains("href=\"" + TestEnvironment.mlflowUrl()).contains("gpu-training-metric-charts").contains("<svg");
        Path png = jenkins.pages().screenshot(build.path(), "jenkinsfile-example-cpu-only");
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    /** A multibranch Pipeline over the repository's branches, as {@code config.xml} (what the job's page exports). */
    private static String multibranchJob(String remote) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject>
                  <description>Jenkinsfile.example from the team's repository</description>
                  <sources class="jenkins.branch.MultiBranchProject$BranchSourceList">
                    <data>
                      <jenkins.branch.BranchSource>
                        <source class="jenkins.plugins.git.GitSCMSource">
                          <id>tiny-regressor</id>
                          <remote>%s</remote>
                          <traits>
                            <jenkins.plugins.git.traits.BranchDiscoveryTrait/>
                          </traits>
                        </source>
                      </jenkins.branch.BranchSource>
                    </data>
                    <owner class="org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject" reference="../.."/>
                  </sources>
                  <factory class="org.jenkinsci.plugins.workflow.multibranch.WorkflowBranchProjectFactory">
                    <owner class="org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject" reference="../.."/>
                    <scriptPath>Jenkinsfile</scriptPath>
                  </factory>
                </org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject>
                """.formatted(remote);
    }

    /** The versions of the model whose lineage names {@code build} (MLflow is shared: other runs register too). */
    private java.util.List<JsonNode> versionsRegisteredBy(FinishedBuild build) throws Exception {
        return mlflow.versionsOf(MODEL).stream()
                .filter(v -> build.url().equals(MlflowPairs.of(v.path("tags")).get("gpu_training.build_url"))).toList();
    }

}
