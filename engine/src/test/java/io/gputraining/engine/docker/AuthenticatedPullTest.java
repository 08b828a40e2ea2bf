package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.LocalRegistryProcess;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.testing.RecordingSink;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pulling from a registry that requires credentials (htpasswd over plain HTTP on loopback). */
class AuthenticatedPullTest {

    @RegisterExtension
    static final TestDaemon DAEMON = new TestDaemon();
    @TempDir
    static Path dir;
    private static LocalRegistryProcess registry;
    private static RegistryAuth user;

    @BeforeAll
    static void start() throws Exception {
        registry = LocalRegistryProcess.startWithHtpasswd(dir);
        user = registry.provisionedUser();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pullsWithCredentialsAndRefusesWithoutThemWithoutLeakingTheSecret() throws Exception {
        String pinned = UniqueImage.pushedAndRemovedLocally(DAEMON.runtime().client(), registry.hostPort(), 1 << 16, user);
        DockerImages images = new DockerImages(DAEMON.runtime().client(), ManifestDigestResolver.withDefaults());
        ImageRef ref = ImageRef.parse(pinned);

        assertThatThrownBy(() -> images.ensure(ImageRequest.builder(ref).build(), new RecordingSink(), p -> { }))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining(registry.hostPort())
                .hasMessageContaining("No credentials were given");

        RecordingSink log = new RecordingSink();
        PreparedImage image = images.ensure(ImageRequest.builder(ref).auth(user).build(), log, p -> { });

        assertThat(image.pulled()).isTrue();
        assertThat(image.digest()).isEqualTo(ref.digest());
        assertThat(log.events()).noneSatisfy(e -> assertThat(e.text()).contains(user.secret()));
        DAEMON.runtime().client().removeImageCmd(image.imageId()).withForce(true).exec();
    }
}
