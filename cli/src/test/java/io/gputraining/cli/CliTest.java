package io.gputraining.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user meets it: exit codes and what it prints, against the real daemon and image. */
class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private int run(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new java.io.PrintWriter(System.out, true));
        cli.setErr(new java.io.PrintWriter(System.err, true));
        return cli.execute(args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
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
    void runExitsWithTheCommandsExitCode() {
        String image = TestEnvironment.smallImage();
        assertThat(run("run", "--image", image, "--", "sh", "-c", "echo hi; exit 7")).isEqualTo(7);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
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
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("registered cli-test version 1").contains("uri:    file://" + registry);
    }

    @Test
    void reproduceReRunsARecordedRunAndComparesItsFiles(@TempDir Path workspace, @TempDir Path registry) throws Exception {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(exampleScript(), workspace.resolve("train.py"));
        assertThat(run("train", "--image", TestEnvironment.torchImage(), "--gpus", "none", "--allow-cpu-fallback",
                "--model", "repro", "--registry", "local:" + registry.resolve("first"), "--artifacts", "model.pt",
                "--workspace", workspace.toString(), "--", "python3", "train.py", "--epochs", "2")).as(stderr()).isZero();
        Path manifest = registry.resolve("first/models/repro/versions/1/run-manifest.json");

        int code = run("reproduce", manifest.toString(), "--allow-cpu-fallback", "--registry", "local:" + registry.resolve("again"),
                "--workspace", workspace.toString());

        assertThat(code).as(stderr()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("as repro version 1");
        // The example is seeded and the CPU run deterministic: the same image and command give the same weights.
        assertThat(stderr()).contains("same     model.pt");
    }

    @Test
    void aFailingTrainingExits202(@TempDir Path workspace) throws Exception {
        int code = run("train", "--image", TestEnvironment.torchImage(), "--gpus", "none", "--no-preflight",
                "--model", "cli-test", "--registry", "local:" + workspace.resolve("registry"), "--workspace", workspace.toString(),
                "--", "python3", "-c", "raise SystemExit(4)");

        assertThat(code).isEqualTo(ExitCodes.TRAINING_FAILED);
        assertThat(stderr()).contains("exited with 4").contains("nothing was registered");
    }

    private static Path exampleScript() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("examples/train.py"))) {
            dir = dir.getParent();
        }
        return dir.resolve("examples/train.py");
    }
}
