package io.gputraining.engine.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.image.LocalRegistryProcess;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.image.RegistryAuthenticationException;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.testing.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real docker-registry with htpasswd (HTTP Basic) authentication on loopback. */
class OciModelRegistryAuthTest {

    private static final String SECRET_LOOKALIKE = "not-the-password-5e1d";

    @TempDir
    static Path registryDir;
    private static LocalRegistryProcess registry;
    private static RegistryAuth user;
    private static RegistryReader reader;

    @TempDir
    Path dir;
    private final RecordingSink log = new RecordingSink();

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalRegistryProcess.start(registryDir.resolve("registry"), registryDir.resolve("storage"), "",
                "auth:\n  htpasswd:\n    realm: gpu-training-test\n    path: " + registryDir.resolve("htpasswd") + "\n");
        user = registry.provisionedUser();
        reader = new RegistryReader(registry.hostPort(), "Basic " + Base64.getEncoder().encodeToString(
                (user.username() + ":" + user.secret()).getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private OciModelRegistry as(RegistryAuth auth) {
        return OciModelRegistry.builder(registry.hostPort(), "team/models")
                .credentials(host -> host.equals(registry.hostPort()) ? Optional.ofNullable(auth) : Optional.empty()).build();
    }

    @Test
    void pushesWithUserAndPasswordAndTheRegistryServesWhatWasPushed() throws Exception {
        List<ArtifactFile> files = ModelFixture.threeFiles(dir);

        RegisteredModel model = as(user).register(ModelFixture.publication("resnet", "k", files, "latest-good"), log,
                ProgressListener.ignoring());

        assertThat(reader.manifest("team/models/resnet", "1").orElseThrow().digest()).isEqualTo(model.digest());
        assertThat(reader.manifest("team/models/resnet", "latest-good").orElseThrow().digest()).isEqualTo(model.digest());
        for (ArtifactFile file : files) {
            assertThat(reader.blob("team/models/resnet", file.digest()).size()).isEqualTo(file.size());
        }
        assertThat(as(user).find("resnet", "k").map(RegisteredModel::uri)).contains(model.uri());
    }

    @Test
    void wrongPasswordFailsNamingTheUserButNeverThePasswordAndCreatesNothing() throws Exception {
        RegistryAuth wrong = RegistryAuth.usernamePassword(user.username(), SECRET_LOOKALIKE).withCredentialsId("ci-registry");

        ModelRegistryException e = catchThrowableOfType(ModelRegistryException.class, () -> as(wrong).register(
                ModelFixture.publication("bert", "k", ModelFixture.threeFiles(dir), null), log, ProgressListener.ignoring()));

        assertThat(e).hasMessageContaining("Registering model 'bert' in " + registry.hostPort() + "/team/models/bert failed")
                .hasMessageContaining("rejected user '" + user.username() + "' (credentials 'ci-registry')")
                .hasMessageNotContaining(SECRET_LOOKALIKE)
                .hasCauseInstanceOf(RegistryAuthenticationException.class);
        assertThat(e.uploaded()).isEmpty();
        assertThat(log.messages()).noneMatch(m -> m.contains(SECRET_LOOKALIKE));
        assertThat(reader.tags("team/models/bert")).isEmpty();
    }

    @Test
    void withoutCredentialsSaysTheRegistryWantsThem() {
        ModelRegistryException e = catchThrowableOfType(ModelRegistryException.class, () -> as(null).find("resnet", "k"));

        assertThat(e).hasMessageContaining("Looking up model 'resnet'")
                .hasMessageContaining("requires a user name and password, and none were given");
    }
}
