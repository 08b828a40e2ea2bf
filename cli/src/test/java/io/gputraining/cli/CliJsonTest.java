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

/** {@code --json}: one JSON document on stdout (docs/cli.md), everything for people on stderr. */
class CliJsonTest {

    @RegisterExtension
    final CapturedCli cli = new CapturedCli();
    private final ObjectMapper json = new ObjectMapper();

    /** stdout, which must be exactly one JSON document on one line. */
    private JsonNode document() throws Exception {
        String out = cli.stdout();
        assertThat(out.lines().count()).as(out).isEqualTo(1);
        return json.readTree(out);
    }

    @Test
    void runPutsTheCommandsOutputOnStderrAndItsExitCodeInTheDocument() throws Exception {
        int code = cli.run("run", "--json", "--image", TestEnvironment.smallImage(), "--", "sh", "-c", "echo hi; exit 7");

        assertThat(code).isEqualTo(7);
        JsonNode doc = document();
        assertThat(doc.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(doc.path("command").asText()).isEqualTo("run");
        assertThat(doc.path("exitCode").asInt()).isEqualTo(7);
        assertThat(doc.path("image").path("pinned").asText()).isEqualTo(TestEnvironment.smallImage());
        assertThat(doc.path("oomKilled").asBoolean(true)).isFalse();
        assertThat(cli.stderr()).contains("hi\n");
    }

    @Test
    void healthPutsTheReportInTheDocumentAndTheTableOnStderr() throws Exception {
        int code = cli.run("health", "--json", "--image", TestEnvironment.torchImage(), "--gpus", "none");

        assertThat(code).isEqualTo(ExitCodes.PREFLIGHT_FAILED);
        JsonNode doc = document();
        assertThat(doc.path("exitCode").asInt()).isEqualTo(ExitCodes.PREFLIGHT_FAILED);
        assertThat(doc.path("report").path("overall").asText()).isEqualTo("FAIL");
        assertThat(doc.path("report").path("verdicts").findValuesAsText("check")).contains("cuda-available");
        assertThat(cli.stderr()).contains("GPU preflight FAIL");
    }

    @Test
    void anEngineErrorIsADocumentWithTheErrorAndTheExitCode() throws Exception {
        int code = cli.run("run", "--json", "--image", "Not A Ref", "--", "true");

        assertThat(code).isEqualTo(ExitCodes.ENGINE_ERROR);
        JsonNode doc = document();
        assertThat(doc.path("exitCode").asInt()).isEqualTo(ExitCodes.ENGINE_ERROR);
        assertThat(doc.path("error").path("message").asText()).startsWith("Invalid image reference");
        assertThat(cli.stderr()).startsWith("gpu-training: Invalid image reference");
    }

    @Test
    void gcListsTheContainersItRemoved() throws Exception {
        assertThat(cli.run("gc", "--json")).isZero();

        assertThat(document().path("removed").isArray()).isTrue();
    }

    @Test
    void trainDescribesTheVersionAndItsManifestAndReportsTheUploadInAFinalLine(@TempDir Path workspace, @TempDir Path registry)
            throws Exception {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        // 24 MiB of weights: large enough for the engine to report the bytes it hashes and stores
        String write = "import os; d = os.environ['GPU_TRAINING_OUTPUT_DIR']; open(d + '/weights.bin', 'wb').write(os.urandom(24 << 20))";

        int code = cli.run("train", "--json", "--image", TestEnvironment.torchImage(), "--gpus", "none", "--no-preflight",
                "--model", "json-test", "--registry", "local:" + registry, "--workspace", workspace.toString(),
                "--", "python3", "-c", write);

        assertThat(code).as(cli.stderr()).isZero();
        JsonNode doc = document();
        assertThat(doc.path("model").path("model").asText()).isEqualTo("json-test");
        assertThat(doc.path("model").path("version").asText()).isEqualTo("1");
        assertThat(doc.path("model").path("uri").asText()).startsWith("file://" + registry);
        assertThat(doc.path("preflight").isNull()).isTrue();
        assertThat(doc.path("runManifest").path("image").path("pinned").asText()).isEqualTo(TestEnvironment.torchImage());
        assertThat(doc.path("runManifest").path("artifacts").get(0).path("size").asLong()).isEqualTo(24L << 20);
        // stderr is no terminal here: no live line, one final line per task
        assertThat(cli.stderr()).doesNotContain("\r").containsPattern("\\[gpu-training] hash artifacts: 24\\.0 MiB in [0-9.]+ s")
                .containsPattern("\\[gpu-training] store artifacts: 24\\.0 MiB in [0-9.]+ s")
                .contains("registered json-test version 1");
    }
}
