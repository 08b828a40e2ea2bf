package io.gputraining.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.image.LocalRegistryProcess;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.testing.DockerCli;
import io.gputraining.engine.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpu-training run} logs in to a registry the way the docker CLI does: with the login {@code docker login}
 * left in the config directory ({@code --docker-config}, else DOCKER_CONFIG). The registry is a real htpasswd
 * docker-registry; the image is the small test image pushed there by the docker CLI with that same login.
 */
class CliRegistryLoginTest {

    @TempDir
    static Path dir;
    private static LocalRegistryProcess registry;
    private static Path loggedIn;
    private static String tagged;

    @BeforeAll
    static void pushWithALogin() throws Exception {
        registry = LocalRegistryProcess.startWithHtpasswd(dir);
        RegistryAuth user = registry.provisionedUser();
        loggedIn = Files.createDirectories(dir.resolve("docker-config"));
        DockerCli.login(loggedIn, registry.hostPort(), user.username(), user.secret());
        String small = TestEnvironment.smallImage();
        tagged = registry.hostPort() + "/gpu-training/cli-login:" + UUID.randomUUID().toString().substring(0, 8);
        DockerCli.run(loggedIn, null, "pull", small);
        DockerCli.run(loggedIn, null, "tag", small, tagged);
        DockerCli.run(loggedIn, null, "push", tagged);
        DockerCli.run(loggedIn, null, "rmi", tagged);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tagged != null) {
            // the pull leaves repository@digest behind; remove those names only, never the image they share
            String repository = tagged.substring(0, tagged.lastIndexOf(':'));
            for (String ref : DockerCli.run(loggedIn, null, "images", "--digests", "--format", "{{.Repository}}@{{.Digest}}", repository)
                    .split("\n")) {
                if (ref.startsWith(repository + "@sha256:")) {
                    DockerCli.run(loggedIn, null, "rmi", ref);
                }
            }
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** Runs the CLI in this JVM; returns exit code, stdout and stderr. */
    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(System.out, true));
            cli.setErr(new PrintWriter(System.err, true));
            int code = cli.execute(args);
            return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    @Test
    void runResolvesTheTagWithTheLoginInTheDockerConfig() {
        String[] result = run("run", "--docker-config", loggedIn.toString(), "--gpus", "none", "--image", tagged, "--", "sh", "-c", "echo logged-in");

        assertThat(result[0]).as(result[2]).isEqualTo("0");
        assertThat(result[1]).isEqualTo("logged-in\n");
        assertThat(result[2]).contains("Logging in to " + registry.hostPort() + " as user 'docker'")
                .contains(loggedIn.resolve("config.json").toString());
    }

    @Test
    void runWithoutThatLoginSaysTheRegistryWantsCredentials() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-config"));

        String[] result = run("run", "--docker-config", empty.toString(), "--gpus", "none", "--image", tagged, "--", "true");

        assertThat(result[0]).isEqualTo(String.valueOf(ExitCodes.ENGINE_ERROR));
        assertThat(result[2]).contains("registry " + registry.hostPort()).contains("none were given");
    }
}
