package io.gputraining.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train-and-register run of {@link CliTest} on Podman: rootful through its socket, and rootless as the service's
 * own user finds it (no address given: {@code $XDG_RUNTIME_DIR/podman/podman.sock}), the files it writes that user's.
 */
class CliPodmanTest {

    @RegisterExtension
    final CapturedCli cli = new CapturedCli();

    private static final String[] TRAIN = {"--gpus", "none", "--allow-cpu-fallback", "--model", "podman-test",
        "--artifacts", "model.pt,metrics.json"};

    private static JsonNode manifest(Path registry) throws Exception {
        return new ObjectMapper().readTree(registry.resolve("models/podman-test/versions/1/run-manifest.json").toFile());
    }

    @Test
    void trainOnRootfulPodmanRegistersTheExampleAndRecordsWhereAndHow(@TempDir Path workspace, @TempDir Path registry) throws Exception {
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(CliExamples.trainScript(), workspace.resolve("train.py"));

        int code = cli.run(args("train", "--runtime", "podman", "--docker-host", TestEnvironment.podmanHost(),
                "--image", TestEnvironment.torchImage(), "--registry", "local:" + registry, "--workspace", workspace.toString(),
                "--", "python3", "train.py", "--epochs", "2"));

        assertThat(code).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).contains("registered podman-test version 1");
        JsonNode host = manifest(registry).path("host");
        assertThat(host.path("runtime").asText()).startsWith("podman ").contains(TestEnvironment.podmanHost());
        assertThat(host.path("gpuAccess").asText()).isEqualTo("none");
    }

    @Test
    void trainOnRootlessPodmanAsItsUserFindsItsSocketAndLeavesTheUsersFiles(@TempDir Path scratch) throws Exception {
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        String user = TestEnvironment.podmanRootlessUser();
        CliAsUser agent = CliAsUser.of(user, scratch);
        Path workspace = Files.createDirectories(scratch.resolve("workspace"));
        Path registry = Files.createDirectories(scratch.resolve("registry"));
        Path home = Files.createDirectories(scratch.resolve("home"));
        Files.copy(CliExamples.trainScript(), workspace.resolve("train.py"));
        agent.own(workspace);
        agent.own(registry);
        agent.own(home);
        String uid = user.substring(0, user.indexOf(':'));
        String socket = TestEnvironment.podmanRootlessHost();

        CliAsUser.Result result = agent.run(Map.of("HOME", home.toString(),
                        "XDG_RUNTIME_DIR", socket.substring("unix://".length(), socket.indexOf("/podman/podman.sock"))),
                args("train", "--runtime", "podman", "--image", TestEnvironment.torchImage(), "--registry", "local:" + registry,
                        "--workspace", workspace.toString(), "--", "python3", "train.py", "--epochs", "2"));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("registered podman-test version 1");
        JsonNode host = manifest(registry).path("host");
        assertThat(host.path("runtime").asText()).startsWith("podman ").contains("rootless").contains(socket);
        String runDir = manifest(registry).path("outputDir").asText();
        assertThat(Files.getAttribute(workspace.resolve(runDir).resolve("model.pt"), "unix:uid")).isEqualTo(Integer.parseInt(uid));
    }

    @Test
    void runOnPodmanExitsWithTheCommandsCode() {
        assertThat(cli.run("run", "--runtime", "podman", "--docker-host", TestEnvironment.podmanHost(),
                "--image", TestEnvironment.smallImage(), "--", "sh", "-c", "echo hi; exit 7")).isEqualTo(7);
        assertThat(cli.stdout()).isEqualTo("hi\n");
    }

    @Test
    void runOnTheLocalRuntimeIsAUsageError() {
        assertThat(cli.run("run", "--runtime", "local", "--image", TestEnvironment.smallImage(), "--", "true")).isEqualTo(2);
        assertThat(cli.stderr()).contains("use --runtime docker or podman");
    }

    @Test
    void gcSweepsPodmansContainers() {
        assertThat(cli.run("gc", "--runtime", "podman", "--docker-host", TestEnvironment.podmanHost())).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).contains("orphaned container(s)");
    }

    private static String[] args(String command, String... rest) {
        String[] all = new String[1 + TRAIN.length + rest.length];
        all[0] = command;
        int split = indexOf(rest, "--");
        // the train options go before the command's "--"
        System.arraycopy(rest, 0, all, 1, split);
        System.arraycopy(TRAIN, 0, all, 1 + split, TRAIN.length);
        System.arraycopy(rest, split, all, 1 + split + TRAIN.length, rest.length - split);
        return all;
    }

    private static int indexOf(String[] values, String value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        return values.length;
    }
}
