package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real docker-registry with htpasswd (HTTP Basic) authentication on loopback, over plain HTTP. */
class ManifestDigestResolverBasicAuthTest {

    @TempDir
    static Path dir;
    private static LocalRegistryProcess registry;
    private static RegistryAuth user;
    private static RegistryUpload.Pushed tiny;
    private static RegistryUpload.Pushed amd64;
    private static RegistryUpload.Pushed index;
    private static RegistryUpload.Pushed list;

    private final ManifestDigestResolver resolver = ManifestDigestResolver.withDefaults();

    @BeforeAll
    static void startRegistryAndPush() throws Exception {
        registry = LocalRegistryProcess.startWithHtpasswd(dir);
        user = registry.provisionedUser();
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (user.username() + ":" + user.secret()).getBytes(StandardCharsets.UTF_8));
        RegistryUpload upload = new RegistryUpload(URI.create("http://" + registry.hostPort()), basic);
        tiny = upload.pushImage("gt/tiny", "v1", "linux/amd64", "tiny layer");
        amd64 = upload.pushImage("gt/multi", null, "linux/amd64", "amd64 layer");
        RegistryUpload.Pushed arm64 = upload.pushImage("gt/multi", null, "linux/arm64", "arm64 layer");
        List<String> platforms = List.of("linux/amd64", "linux/arm64");
        index = upload.pushIndex("gt/multi", "v1", RegistryUpload.OCI_INDEX, List.of(amd64, arm64), platforms);
        list = upload.pushIndex("gt/multi", "docker-list", RegistryUpload.DOCKER_MANIFEST_LIST, List.of(amd64, arm64), platforms);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private ImageRef ref(String repositoryAndTag) {
        return ImageRef.parse(registry.hostPort() + "/" + repositoryAndTag);
    }

    @Test
    void resolvesTagToTheDigestTheRegistryReportedOnPush() throws Exception {
        String digest = resolver.resolve(ref("gt/tiny:v1"), Optional.of(user));

        assertThat(digest).isEqualTo(tiny.digest()).isEqualTo(RegistryUpload.digestOf(tiny.content()));
    }

    @Test
    void resolvesMultiArchTagToTheIndexDigestNotAPlatformManifest() throws Exception {
        String digest = resolver.resolve(ref("gt/multi:v1"), Optional.of(user));

        assertThat(digest).isEqualTo(index.digest()).isNotEqualTo(amd64.digest());
    }

    @Test
    void resolvesDockerManifestListTagToTheListDigestNotTheDefaultPlatformManifest() throws Exception {
        // Asked without the list media type, the registry silently answers with the linux/amd64 manifest.
        String digest = resolver.resolve(ref("gt/multi:docker-list"), Optional.of(user));

        assertThat(digest).isEqualTo(list.digest()).isNotEqualTo(amd64.digest());
    }

    @Test
    void takesCredentialsForTheImagesRegistryFromTheLookup() throws Exception {
        RegistryCredentials credentials = host -> host.equals(registry.hostPort()) ? Optional.of(user) : Optional.empty();

        assertThat(resolver.resolve(ref("gt/tiny:v1"), credentials)).isEqualTo(tiny.digest());
    }

    @Test
    void refusesWithoutCredentialsSayingTheyAreRequired() {
        assertThatThrownBy(() -> resolver.resolve(ref("gt/tiny:v1"), Optional.empty()))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("registry " + registry.hostPort())
                .hasMessageContaining("requires a user name and password, and none were given")
                .hasMessageContaining("Configure user-name/password credentials for " + registry.hostPort());
    }

    @Test
    void refusesWrongPasswordNamingUserAndCredentialsIdButNeverThePassword() {
        RegistryAuth wrong = RegistryAuth.usernamePassword(user.username(), "not-the-password-7f3a").withCredentialsId("ci-registry");

        RegistryAuthenticationException e = catchThrowableOfType(RegistryAuthenticationException.class,
                () -> resolver.resolve(ref("gt/tiny:v1"), Optional.of(wrong)));

        assertThat(e.registry()).isEqualTo(registry.hostPort());
        assertThat(e).hasMessageContaining("rejected user '" + user.username() + "' (credentials 'ci-registry')")
                .hasMessageContaining("docker login " + registry.hostPort())
                .hasMessageNotContaining("not-the-password-7f3a");
    }

    @Test
    void refusesATokenWhereTheRegistryWantsUserAndPassword() {
        assertThatThrownBy(() -> resolver.resolve(ref("gt/tiny:v1"), Optional.of(RegistryAuth.identityToken("tok-123"))))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("requires a user name and password, but was given an identity token")
                .hasMessageNotContaining("tok-123");
    }

    @Test
    void reportsAMissingTagWithRepositoryRegistryAndHowToListTags() {
        ImageNotFoundException e = catchThrowableOfType(ImageNotFoundException.class,
                () -> resolver.resolve(ref("gt/tiny:v2"), Optional.of(user)));

        assertThat(e).hasMessageStartingWith("Image tag v2 does not exist in gt/tiny at " + registry.hostPort())
                .hasMessageContaining("MANIFEST_UNKNOWN")
                .hasMessageContaining("curl http://" + registry.hostPort() + "/v2/gt/tiny/tags/list");
        assertThat(List.of(e.registry(), e.repository(), e.tag())).containsExactly(registry.hostPort(), "gt/tiny", "v2");
    }

    @Test
    void resolvesLatestWhenTheReferenceHasNoTag() {
        assertThatThrownBy(() -> resolver.resolve(ref("gt/tiny"), Optional.of(user)))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("tag latest does not exist in gt/tiny");
    }
}
