package io.gputraining.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gputraining.engine.registry.mlflow.MlflowServer;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A freestyle job as a team without Pipelines sets it up: git checkout of the project on the {@code gpu} agent,
 * the build wrapper (every step of the build inside the pinned image), the preflight builder, the project's
 * unit tests as a shell step, and the training builder registering in {@code mlflow-prod}. Created from its
 * {@code config.xml} over REST, run, and checked in MLflow and on its build page.
 */
@TeamJenkins.OnTeamJenkins
class FreestyleJobTest {

    private static final String MODEL = "tiny-regressor-freestyle";

    private final MlflowServer mlflow = new MlflowServer();

    @Test
    void theWrapperTheBuildersAndAShellStepTestTrainAndRegisterWithTheCheckedOutCommit(TeamJenkins jenkins) throws Exception {
        GitRepository repository = TeamProject.create(jenkins.layout(), "tiny-regressor-freestyle", "main");
        jenkins.api().createItem("", "tiny-regressor-freestyle", job(repository.url(), TestEnvironment.torchImage()));
        // What Jenkins loaded is what it exports: a field it did not know would be missing here.
        assertThat(jenkins.api().text("job/tiny-regressor-freestyle/config.xml"))
                .contains("<io.jenkins.plugins.gputraining.container.PytorchCudaBuildWrapper")
                .contains("<model>" + MODEL + "</model>").contains("<registry>mlflow-prod</registry>");

        FinishedBuild build = FinishedBuild.run(jenkins.api(), "job/tiny-regressor-freestyle/", Map.of());

        assertThat(build.result()).as(build.toString()).isEqualTo("SUCCESS");
        assertThat(build.console()).contains("Building remotely on " + ControllerConfiguration.AGENT)
                .contains("GPU preflight PASS").contains("Ran 2 tests").contains("OK");
        Matcher registered = Pattern.compile("Registered model " + MODEL + " version (\\d+) at ").matcher(build.console());
        assertThat(registered.find()).as(build.console()).isTrue();
        String version = registered.group(1);

        Map<String, String> tags = MlflowPairs.of(mlflow.modelVersion(MODEL, version).path("tags"));
        assertThat(tags).containsEntry("gpu_training.image", TestEnvironment.torchImage())
                .containsEntry("gpu_training.git_commit", repository.head())
                .containsEntry("gpu_training.build_id", "jenkins-tiny-regressor-freestyle-" + build.number())
                .containsEntry("gpu_training.build_url", build.url());
        assertThat(build.json().path("artifacts").findValuesAsText("fileName")).containsExactly("metrics.json");

        String page = jenkins.pages().html(build.path());
        assertThat(page).contains("GPU preflight: PASS").contains("Registered " + MODEL + " version " + version)
                .contains("href=\"" + TestEnvironment.mlflowUrl()).contains("gpu-training-metric-charts").contains("<svg");
        assertThat(Files.size(jenkins.pages().screenshot(build.path(), "freestyle-wrapper-and-builders"))).isGreaterThan(10_000);
    }

    /**
     * The job's {@code config.xml}: the form Jenkins writes for these classes (each field given, since Jenkins
     * creates the objects without their constructors).
     */
    private static String job(String remote, String image) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <project>
                  <description>CPU smoke test of the team's training, freestyle</description>
                  <keepDependencies>false</keepDependencies>
                  <properties/>
                  <scm class="hudson.plugins.git.GitSCM">
                    <configVersion>2</configVersion>
                    <userRemoteConfigs>
                      <hudson.plugins.git.UserRemoteConfig><url>%1$s</url></hudson.plugins.git.UserRemoteConfig>
                    </userRemoteConfigs>
                    <branches><hudson.plugins.git.BranchSpec><name>*/main</name></hudson.plugins.git.BranchSpec></branches>
                    <doGenerateSubmoduleConfigurations>false</doGenerateSubmoduleConfigurations>
                    <submoduleCfg class="empty-list"/>
                    <extensions/>
                  </scm>
                  <assignedNode>gpu</assignedNode>
                  <canRoam>false</canRoam>
                  <disabled>false</disabled>
                  <blockBuildWhenDownstreamBuilding>false</blockBuildWhenDownstreamBuilding>
                  <blockBuildWhenUpstreamBuilding>false</blockBuildWhenUpstreamBuilding>
                  <triggers/>
                  <concurrentBuild>false</concurrentBuild>
                  <builders>
                    <io.jenkins.plugins.gputraining.GpuHealthCheckBuilder>
                      <settings>
                        <image>%2$s</image>
                        <gpus>none</gpus>
                        <minGpus>1</minGpus>
                        <allowCpuFallback>true</allowCpuFallback>
                        <minFreeMemoryMiB>20000</minFreeMemoryMiB>
                        <maxTemperatureC>85</maxTemperatureC>
                        <requireIdle>false</requireIdle>
                        <allowMig>false</allowMig>
                        <skipAllReduce>false</skipAllReduce>
                        <requirePinned>true</requirePinned>
                        <runtime>docker</runtime>
                        <unstableOnWarn>true</unstableOnWarn>
                        <python>python3</python>
                      </settings>
                    </io.jenkins.plugins.gputraining.GpuHealthCheckBuilder>
                    <hudson.tasks.Shell>
                      <command>python3 -m unittest discover -s tests -v</command>
                    </hudson.tasks.Shell>
                    <io.jenkins.plugins.gputraining.TrainAndRegisterBuilder>
                      <settings>
                        <command>python3 examples/train.py --epochs 8</command>
                        <model>%3$s</model>
                        <image>%2$s</image>
                        <artifacts>model.pt,metrics.json</artifacts>
                        <registry>mlflow-prod</registry>
                        <gpus>none</gpus>
                        <preflight>true</preflight>
                        <allowCpuFallback>true</allowCpuFallback>
                        <outputDir>.gpu-training/runs</outputDir>
                        <timeoutMinutes>30</timeoutMinutes>
                        <memory>2g</memory>
                        <env/>
                        <requirePinned>true</requirePinned>
                        <runtime>docker</runtime>
                      </settings>
                    </io.jenkins.plugins.gputraining.TrainAndRegisterBuilder>
                  </builders>
                  <publishers>
                    <hudson.tasks.ArtifactArchiver>
                      <artifacts>.gpu-training/runs/*/metrics.json</artifacts>
                      <allowEmptyArchive>false</allowEmptyArchive>
                      <onlyIfSuccessful>false</onlyIfSuccessful>
                      <fingerprint>false</fingerprint>
                      <defaultExcludes>true</defaultExcludes>
                      <caseSensitive>true</caseSensitive>
                      <followSymlinks>true</followSymlinks>
                    </hudson.tasks.ArtifactArchiver>
                  </publishers>
                  <buildWrappers>
                    <io.jenkins.plugins.gputraining.container.PytorchCudaBuildWrapper>
                      <settings>
                        <image>%2$s</image>
                        <gpus>none</gpus>
                        <preflight>false</preflight>
                        <network>none</network>
                        <lockDirectory>/tmp/gpu-training-locks</lockDirectory>
                        <gpuWaitMinutes>0</gpuWaitMinutes>
                        <requirePinned>true</requirePinned>
                      </settings>
                    </io.jenkins.plugins.gputraining.container.PytorchCudaBuildWrapper>
                  </buildWrappers>
                </project>
                """.formatted(remote, image, MODEL);
    }

}
