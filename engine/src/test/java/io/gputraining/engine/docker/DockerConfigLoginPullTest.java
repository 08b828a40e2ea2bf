package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.AuthConfig;
import io.gputraining.engine.image.DockerConfigCredentials;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.LocalRegistryProcess;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.image.RegistryAuthenticationException;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login a real {@code docker login} writes into a {@code DOCKER_CONFIG} directory (what docker-commons'
 * {@code withDockerRegistry} does for a build) is used to resolve a tag and to pull from an htpasswd registry.
 */
class DockerConfigLoginPullTest {

    @TempDir
    static Path dir;
    private static LocalRegistryProcess registry;
    private static RegistryAuth user;
    private static DockerRuntime runtime;
    private static Path dockerConfig;

    @BeforeAll
    static void startAndLogIn() throws Exception {
        registry = LocalRegistryProcess.start(dir.resolve("registry"), dir.resolve("storage"), "",
                "auth:\n  htpasswd:\n    realm: gpu-training-test\n    path: " + dir.resolve("htpasswd") + "\n");
        user = registry.provisionedUser();
        runtime = DockerTestSupport.connect();
        dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
        dockerLogin(dockerConfig, registry.hostPort(), user);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** {@code docker login} as a user runs it, with the password on stdin; the CLI writes config.json. */
    private static void dockerLogin(Path config, String server, RegistryAuth login) throws Exception {
        TestEnvironment.requirePresent(Files.isExecutable(Path.of("/usr/bin/docker")), "/usr/bin/docker (the docker CLI)");
        ProcessBuilder pb = new ProcessBuilder("docker", "login", "--username", login.username(), "--password-stdin", server)
                .redirectErrorStream(true).redirectOutput(dir.resolve("login.log").toFile());
        pb.environment().put("DOCKER_CONFIG", config.toString());
        pb.environment().put("DOCKER_HOST", TestEnvironment.dockerHost());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(login.secret().getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("docker login failed: " + Files.readString(dir.resolve("login.log")));
        }
    }

    @Test
    void resolvesTheTagAndPullsWithTheLoginDockerWrote() throws Exception {
        AuthConfig pushAuth = new AuthConfig().withRegistryAddress(registry.hostPort())
                .withUsername(user.username()).withPassword(user.secret());
        ImageRef pushed = ImageRef.parse(UniqueImage.pushedAndRemovedLocally(runtime.client(), registry.hostPort(), 1 << 16, pushAuth));
        ImageRef tagOnly = new ImageRef(pushed.registry(), pushed.repository(), pushed.tag(), null);
        DockerImages images = new DockerImages(runtime.client(), ManifestDigestResolver.withDefaults(),
                DockerConfigCredentials.inDirectory(dockerConfig));
        RecordingSink log = new RecordingSink();

        PreparedImage image = images.ensure(new ImageRequest(tagOnly, false, null), log, p -> { });

        assertThat(image.pinned()).isEqualTo(pushed);
        assertThat(image.pulled()).isTrue();
        assertThat(log.events()).anySatisfy(e -> assertThat(e.text())
                .contains("Logging in to " + registry.hostPort() + " as user '" + user.username() + "'")
                .contains(dockerConfig.resolve("config.json").toString()));
        assertThat(log.events()).noneSatisfy(e -> assertThat(e.text()).contains(user.secret()));
        runtime.client().removeImageCmd(image.imageId()).withForce(true).exec();
    }

    @Test
    void aConfigWithoutThatLoginLeavesTheRegistryRefusing() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-login"));
        ImageRef tag = ImageRef.parse(registry.hostPort() + "/gpu-training/pull-test:any");

        assertThatThrownBy(() -> ManifestDigestResolver.withDefaults().resolve(tag, DockerConfigCredentials.inDirectory(empty)))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("none were given");
    }
}
