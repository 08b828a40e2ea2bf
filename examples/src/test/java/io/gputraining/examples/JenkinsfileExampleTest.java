package io.gputraining.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gputraining.engine.registry.mlflow.MlflowServer;
import io.gputraining.engine.testing.TestEnvironment;
import io.gputraining.examples.pipeline.BuildOutcome;
import io.gputraining.examples.pipeline.CurrentBuild.Result;
import io.gputraining.examples.pipeline.PipelineHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jenkinsfile.example, unchanged, run with Groovy on this machine (Docker, no GPU) as a multibranch job would
 * run it, its three GPU steps bound to the engine: the PyTorch test image pinned by digest, the test MLflow
 * server as {@code mlflow-prod}. What it registered is read back from MLflow itself.
 */
class JenkinsfileExampleTest {

    private static final String MODEL = "tiny-regressor";

    @TempDir
    Path root;

    private final MlflowServer mlflow = new MlflowServer();
    private PipelineHarness jenkins;
    private ExampleProject project;

    @BeforeEach
    void setUp() throws Exception {
        jenkins = Examples.jenkins(root, root.resolve("scratch-registry"));
        project = ExampleProject.create(root.resolve("repo"), "main");
    }

    private BuildOutcome build(Map<String, Object> params) throws Exception {
        String jenkinsfile = Files.readString(ExampleProject.sourceRoot().resolve("Jenkinsfile.example"));
        return jenkins.run("tiny-regressor/main", 1, project.source("main"), params, Map.of(), jenkinsfile);
    }

    @Test
    void onMainACpuOnlyBuildTestsTrainsAndRegistersTheModelInMlflowWithItsLineage() throws Exception {
        BuildOutcome build = build(Map.of("TORCH_IMAGE", TestEnvironment.torchImage(), "CPU_ONLY", true));

        assertThat(build.error()).as(build.log()).isNull();
        // CPU training allowed and no GPU asked for: the host checks are skipped and the preflight passes
        assertThat(build.result()).isEqualTo(Result.SUCCESS);
        assertThat(build.log()).contains("preflight PASS: driver null, torch 1.13")
                .contains("Ran 2 tests").contains("OK");
        Matcher registered = Pattern.compile(MODEL + " v(\\d+)").matcher(String.valueOf(build.description()));
        assertThat(registered.matches()).as(build.description()).isTrue();
        String version = registered.group(1);

        JsonNode modelVersion = mlflow.modelVersion(MODEL, version);
        Map<String, String> tags = keyValues(modelVersion.path("tags"));
        assertThat(tags).containsEntry("gpu_training.image", TestEnvironment.torchImage())
                .containsEntry("gpu_training.image_digest", Examples.torchImageDigest())
                .containsEntry("gpu_training.git_commit", project.head())
                .containsEntry("gpu_training.git_url", root.resolve("repo").toString())
                .containsEntry("gpu_training.build_id", "jenkins-tiny-regressor-main-1")
                .containsEntry("gpu_training.build_url", "https://jenkins.example.invalid/job/tiny-regressor/main/1/");
        assertThat(modelVersion.path("aliases").toString()).contains("candidate");
        JsonNode run = mlflow.run(modelVersion.path("run_id").asText());
        assertThat(keyValues(run.path("data").path("params"))).containsEntry("epochs", "20").containsEntry("seed", "0");
        assertThat(keyValues(run.path("data").path("metrics"))).containsKeys("final_loss", "train_seconds");
        // post { always { archiveArtifacts … } } kept the training's metrics.json next to the build
        try (var archived = Files.walk(build.archive())) {
            assertThat(archived.filter(p -> p.getFileName().toString().equals("metrics.json")).count()).isEqualTo(1);
        }
    }

    @Test
    void withItsDefaultsOnAnAgentWithoutGpusThePreflightFailsTheBuildAndNothingIsRegistered() throws Exception {
        int versionsBefore = mlflow.versionsOf(MODEL).size();

        BuildOutcome build = build(Map.of("TORCH_IMAGE", TestEnvironment.torchImage()));

        assertThat(build.result()).isEqualTo(Result.FAILURE);
        assertThat(build.error()).hasMessageStartingWith("GPU preflight failed: ").hasMessageContaining("host-driver: no NVIDIA driver on this agent");
        assertThat(build.log()).contains("Stage \"Unit tests on the GPU\" skipped due to earlier failure(s)")
                .contains("Stage \"Train and register\" skipped due to earlier failure(s)")
                .contains("No artifacts found that match the file pattern");
        assertThat(mlflow.versionsOf(MODEL)).hasSize(versionsBefore);
    }

    private static Map<String, String> keyValues(JsonNode pairs) {
        Map<String, String> map = new HashMap<>();
        pairs.forEach(p -> map.put(p.path("key").asText(), p.path("value").asText()));
        return map;
    }
}
