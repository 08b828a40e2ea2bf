package io.gputraining.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user meets it: exit codes and what it prints, against the real daemon and image. */
class CliTest {

    @RegisterExtension
    final CapturedCli cli = new CapturedCli();

    private int run(String... args) {
        return cli.run(args);
    }

    private String stderr() {
        return cli.stderr();
    }

    private String stdout() {
        return cli.stdout();
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("run", "--no-such-option", "--image", "x", "true")).isEqualTo(2);
        assertThat(stderr()).contains("Unknown option");
    }

    @Test
    void aMalformedImageReferenceIsOneSentenceWithoutAStackTrace() {
        assertThat(run("run", "--image", "Not A Ref", "--", "true")).isEqualTo(ExitCodes.ENGINE_ERROR);
        assertThat(stderr()).startsWith("gpu-training: Invalid image reference").doesNotContain("\tat ");
    }

    @Test
    void runAsksForEveryGpuUnlessToldAndSaysHowToRunWithoutOnAHostWithoutThem() {
        // No nvidia-smi on this host (as on CI); a blank GPU_TRAINING_GPUS configures nothing.
        int code = cli.run(java.util.Map.of("GPU_TRAINING_GPUS", ""), "run", "--image",
                TestEnvironment.smallImage(), "--", "true");

        assertThat(code).isEqualTo(ExitCodes.ENGINE_ERROR);
        assertThat(stderr()).contains("GPUs 'all' were asked for").contains("ask for none");
    }

    @Test
    void runExitsWithTheCommandsExitCode() {
        String image = TestEnvironment.smallImage();
        assertThat(run("run", "--image", image, "--", "sh", "-c", "echo hi; exit 7")).isEqualTo(7);
        assertThat(stdout()).isEqualTo("hi\n");
    }

    @Test
    void healthOnTheCpuImageExits201WithTheVerdict() {
        assertThat(run("health", "--image", TestEnvironment.torchImage(), "--gpus", "none")).isEqualTo(ExitCodes.PREFLIGHT_FAILED);
        assertThat(stderr()).contains("GPU preflight FAIL").contains("cuda-available");
    }

    @Test
    void trainRegistersTheExampleAndPrintsWhereItIs(@TempDir Path workspace, @TempDir Path registry) throws Exception {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(exampleScript(), workspace.resolve("train.py"));

        int code = run("train", "--image", TestEnvironment.torchImage(), "--gpus", "none", "--allow-cpu-fallback",
                "--model", "cli-test", "--registry", "local:" + registry, "--artifacts", "model.pt,metrics.json",
                "--workspace", workspace.toString(), "--", "python3", "train.py", "--epochs", "2");

        assertThat(code).as(stderr()).isZero();
        assertThat(stdout()).contains("registered cli-test version 1").contains("uri:    file://" + registry);
    }

    @Test
    void reproduceReRunsARecordedRunAndComparesItsFiles(@TempDir Path workspace, @TempDir Path registry) throws Exception {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(exampleScript(), workspace.resolve("train.py"));
        assertThat(run("train", "--image", TestEnvironment.torchImage(), "--gpus", "none", "--allow-cpu-fallback",
                "--model", "repro", "--registry", "local:" + registry.resolve("first"), "--artifacts", "model.pt",
                "--workspace", workspace.toString(), "--", "python3", "train.py", "--epochs", "2")).as(stderr()).isZero();
        Path manifest = registry.resolve("first/models/repro/versions/1/run-manifest.json");

        int code = run("reproduce", manifest.toString(), "--json", "--allow-cpu-fallback", "--registry", "local:" + registry.resolve("again"),
                "--workspace", workspace.toString());

        assertThat(code).as(stderr()).isZero();
        assertThat(stderr()).contains("as repro version 1");
        // The example is seeded and the CPU run deterministic: the same image and command give the same weights.
        assertThat(stderr()).contains("same     model.pt");
        JsonNode doc = new ObjectMapper().readTree(stdout());
        assertThat(doc.path("command").asText()).isEqualTo("reproduce");
        assertThat(doc.path("model").path("version").asText()).isEqualTo("1");
        assertThat(doc.path("artifacts").get(0).path("path").asText()).isEqualTo("model.pt");
        assertThat(doc.path("artifacts").get(0).path("same").asBoolean()).isTrue();
        assertThat(doc.path("reproducedRunId").asText()).isNotBlank();
    }

    @Test
    void aFailingTrainingExits202(@TempDir Path workspace) throws Exception {
        int code = run("train", "--image", TestEnvironment.torchImage(), "--gpus", "none", "--no-preflight",
                "--model", "cli-test", "--registry", "local:" + workspace.resolve("registry"), "--workspace", workspace.toString(),
                "--", "python3", "-c", "raise SystemExit(4)");

        assertThat(code).isEqualTo(ExitCodes.TRAINING_FAILED);
        assertThat(stderr()).contains("exited with 4").contains("nothing was registered");
    }

    static Path exampleScript() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("examples/train.py"))) {
            dir = dir.getParent();
        }
        return dir.resolve("examples/train.py");
    }
}
