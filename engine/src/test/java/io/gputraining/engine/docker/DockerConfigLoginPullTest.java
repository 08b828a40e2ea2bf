package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.image.DockerConfigCredentials;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.LocalRegistryProcess;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.image.RegistryAuthenticationException;
import io.gputraining.engine.testing.DockerCli;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login a real {@code docker login} writes into a {@code DOCKER_CONFIG} directory (what docker-commons'
 * {@code withDockerRegistry} does for a build) is used to resolve a tag and to pull from an htpasswd registry.
 */
class DockerConfigLoginPullTest {

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();
    @TempDir
    static Path dir;
    private static LocalRegistryProcess registry;
    private static RegistryAuth user;
    private static Path dockerConfig;

    @BeforeAll
    static void startAndLogIn() throws Exception {
        registry = LocalRegistryProcess.startWithHtpasswd(dir);
        user = registry.provisionedUser();
        dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
        DockerCli.login(dockerConfig, registry.hostPort(), user.username(), user.secret());
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void resolvesTheTagAndPullsWithTheLoginDockerWrote() throws Exception {
        ImageRef pushed = ImageRef.parse(UniqueImage.pushedAndRemovedLocally(DAEMON.runtime().client(), registry.hostPort(), 1 << 16, user));
        ImageRef tagOnly = new ImageRef(pushed.registry(), pushed.repository(), pushed.tag(), null);
        DockerImages images = new DockerImages(DAEMON.runtime().client(), ManifestDigestResolver.withDefaults(),
                DockerConfigCredentials.inDirectory(dockerConfig));
        RecordingSink log = new RecordingSink();

        PreparedImage image = images.ensure(ImageRequest.builder(tagOnly).build(), log, p -> { });

        assertThat(image.pinned()).isEqualTo(pushed);
        assertThat(image.pulled()).isTrue();
        assertThat(log.events()).anySatisfy(e -> assertThat(e.text())
                .contains("Logging in to " + registry.hostPort() + " as user '" + user.username() + "'")
                .contains(dockerConfig.resolve("config.json").toString()));
        assertThat(log.events()).noneSatisfy(e -> assertThat(e.text()).contains(user.secret()));
        DAEMON.runtime().client().removeImageCmd(image.imageId()).withForce(true).exec();
    }

    @Test
    void aPinnedImageThatIsPresentNeverReadsTheConfig() throws Exception {
        ImageRequest small = ImageRequest.of(TestEnvironment.smallImage());
        new DockerImages(DAEMON.runtime().client(), ManifestDigestResolver.withDefaults()).ensure(small, new RecordingSink(), p -> { });
        Path broken = Files.createDirectories(dir.resolve("broken-config"));
        Files.writeString(broken.resolve("config.json"), "{ not json");

        PreparedImage image = new DockerImages(DAEMON.runtime().client(), ManifestDigestResolver.withDefaults(),
                DockerConfigCredentials.inDirectory(broken)).ensure(small, new RecordingSink(), p -> { });

        assertThat(image.pulled()).isFalse();
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
