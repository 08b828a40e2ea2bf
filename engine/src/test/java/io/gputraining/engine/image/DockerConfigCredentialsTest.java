package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading registry logins from config.json in the shapes Docker clients write: the current one (host key,
 * {@code auth}) is also covered against a real {@code docker login} in {@code DockerConfigLoginPullTest}; the
 * URL keys are what Docker before 20.10 and docker-commons' {@code withDockerRegistry} leave.
 */
class DockerConfigCredentialsTest {

    @TempDir
    Path dir;

    private DockerConfigCredentials config(String json) throws Exception {
        Files.writeString(dir.resolve("config.json"), json, StandardCharsets.UTF_8);
        return DockerConfigCredentials.inDirectory(dir);
    }

    private static String auth(String userAndPassword) {
        return Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsUserAndPasswordFiledUnderTheHostLabelledWithTheFile() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth("ci:s3cret") + "\"}}}");

        RegistryAuth auth = credentials.forRegistry("127.0.0.1:5000").orElseThrow();

        assertThat(auth.kind()).isEqualTo(RegistryAuth.Kind.USERNAME_PASSWORD);
        assertThat(auth.username()).isEqualTo("ci");
        assertThat(auth.secret()).isEqualTo("s3cret");
        assertThat(auth.describe()).isEqualTo("user 'ci' (credentials '" + dir.resolve("config.json") + "')");
    }

    @Test
    void keepsColonsInThePassword() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{\"reg.example:443\":{\"auth\":\"" + auth("ci:a:b:c") + "\"}}}");

        assertThat(credentials.forRegistry("reg.example:443").orElseThrow().secret()).isEqualTo("a:b:c");
    }

    @Test
    void findsEntriesFiledUnderAUrlAsOlderClientsAndWithDockerRegistryWriteThem() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{"
                + "\"https://reg.example:5000/\":{\"auth\":\"" + auth("a:1") + "\"},"
                + "\"http://other.example/v2/\":{\"auth\":\"" + auth("b:2") + "\"}}}");

        assertThat(credentials.forRegistry("reg.example:5000").orElseThrow().username()).isEqualTo("a");
        assertThat(credentials.forRegistry("other.example").orElseThrow().username()).isEqualTo("b");
        assertThat(credentials.forRegistry("reg.example")).as("another port is another registry").isEmpty();
    }

    @Test
    void prefersTheExactKeyOverAUrlWithTheSameHost() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{"
                + "\"https://reg.example/\":{\"auth\":\"" + auth("old:1") + "\"},"
                + "\"reg.example\":{\"auth\":\"" + auth("new:2") + "\"}}}");

        assertThat(credentials.forRegistry("reg.example").orElseThrow().username()).isEqualTo("new");
    }

    @Test
    void findsDockerHubUnderTheIndexServerKey() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("hubuser:pat") + "\"}}}");

        assertThat(credentials.forRegistry(ImageRef.parse("pytorch/pytorch:2.5.1").registry()).orElseThrow().username())
                .isEqualTo("hubuser");
        assertThat(credentials.forRegistry("ghcr.io")).isEmpty();
    }

    @Test
    void anIdentityTokenWinsOverTheAuthAndKeepsTheUser() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{\"reg.example\":{\"auth\":\"" + auth("ci:")
                + "\",\"identitytoken\":\"refresh-123\"}}}");

        RegistryAuth auth = credentials.forRegistry("reg.example").orElseThrow();

        assertThat(auth.kind()).isEqualTo(RegistryAuth.Kind.IDENTITY_TOKEN);
        assertThat(auth.secret()).isEqualTo("refresh-123");
        assertThat(auth.username()).isEqualTo("ci");
    }

    @Test
    void aRegistryTokenIsSentAsBearer() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{\"reg.example\":{\"registrytoken\":\"bearer-9\"}}}");

        RegistryAuth auth = credentials.forRegistry("reg.example").orElseThrow();

        assertThat(auth.kind()).isEqualTo(RegistryAuth.Kind.BEARER_TOKEN);
        assertThat(auth.secret()).isEqualTo("bearer-9");
    }

    @Test
    void noFileAnEmptyFileOrNoEntryMeanAnonymous() throws Exception {
        assertThat(DockerConfigCredentials.inDirectory(dir.resolve("absent")).forRegistry("reg.example")).isEmpty();
        assertThat(config("").forRegistry("reg.example")).isEmpty();
        assertThat(config("{\"auths\":{\"other.example\":{\"auth\":\"" + auth("a:b") + "\"}}, \"proxies\":{}}")
                .forRegistry("reg.example")).isEmpty();
    }

    @Test
    void aLoginKeptByTheCredsStoreIsReportedNamingTheHelper() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{\"reg.example\":{}},\"credsStore\":\"desktop\"}");

        CredentialHelperNotSupportedException e = catchThrowableOfType(CredentialHelperNotSupportedException.class,
                () -> credentials.forRegistry("reg.example"));

        assertThat(e.registry()).isEqualTo("reg.example");
        assertThat(e).hasMessageContaining("docker-credential-desktop (credsStore)")
                .hasMessageContaining("does not run credential helpers")
                .hasMessageContaining("DOCKER_CONFIG=$(mktemp -d) docker login reg.example");
    }

    @Test
    void aCredsStoreWithoutALoginForTheRegistryLeavesItAnonymous() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{\"https://index.docker.io/v1/\":{}},\"credsStore\":\"desktop\"}");

        assertThat(credentials.forRegistry("127.0.0.1:5000")).isEmpty();
    }

    @Test
    void aCredHelperForTheRegistryIsReportedEvenWithoutAnEntry() throws Exception {
        DockerConfigCredentials credentials = config("{\"credHelpers\":{\"123.dkr.ecr.eu-west-1.amazonaws.com\":\"ecr-login\"}}");

        assertThat(catchThrowableOfType(CredentialHelperNotSupportedException.class,
                () -> credentials.forRegistry("123.dkr.ecr.eu-west-1.amazonaws.com")))
                .hasMessageContaining("docker-credential-ecr-login (credHelpers)");
        assertThat(credentials.forRegistry("ghcr.io")).isEmpty();
    }

    @Test
    void anInlineLoginIsUsedEvenWhereAHelperIsConfigured() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{\"reg.example\":{\"auth\":\"" + auth("ci:pw")
                + "\"}},\"credsStore\":\"pass\"}");

        assertThat(credentials.forRegistry("reg.example").orElseThrow().username()).isEqualTo("ci");
    }

    @Test
    void invalidJsonNamesTheFileAndPositionButNoContent() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{\"reg.example\":{\"auth\":\"c2VjcmV0LXZhbHVl\"}");

        DockerConfigException e = catchThrowableOfType(DockerConfigException.class, () -> credentials.forRegistry("reg.example"));

        assertThat(e).hasMessageContaining(dir.resolve("config.json").toString())
                .hasMessageContaining("is not valid JSON at line 1")
                .hasMessageNotContaining("c2VjcmV0LXZhbHVl");
    }

    @Test
    void anAuthThatIsNotBase64NamesTheEntryButNotTheValue() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{\"https://reg.example/\":{\"auth\":\"not*base64*secret\"}}}");

        DockerConfigException e = catchThrowableOfType(DockerConfigException.class, () -> credentials.forRegistry("reg.example"));

        assertThat(e).hasMessageContaining("entry 'https://reg.example/' has an \"auth\" that is not base64")
                .hasMessageContaining("Run docker login reg.example again")
                .hasMessageNotContaining("not*base64*secret");
    }

    @Test
    void anAuthWithoutColonIsRefused() throws Exception {
        DockerConfigCredentials credentials = config("{\"auths\":{\"reg.example\":{\"auth\":\"" + auth("justatoken") + "\"}}}");

        assertThat(catchThrowableOfType(DockerConfigException.class, () -> credentials.forRegistry("reg.example")))
                .hasMessageContaining("does not decode to user:password");
    }

    @Test
    void followsDockerConfigOrElseTheHomeDirectory() {
        assertThat(DockerConfigCredentials.of(dir.toString()).file()).isEqualTo(dir.resolve("config.json"));
        assertThat(DockerConfigCredentials.of(null).file())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".docker", "config.json"));
    }

    @Test
    void readsTheFileAtEachLookupSoALaterLoginIsSeen() throws Exception {
        DockerConfigCredentials credentials = DockerConfigCredentials.inDirectory(dir);
        assertThat(credentials.forRegistry("reg.example")).isEmpty();

        config("{\"auths\":{\"reg.example\":{\"auth\":\"" + auth("late:pw") + "\"}}}");

        assertThat(credentials.forRegistry("reg.example").map(RegistryAuth::username)).isEqualTo(Optional.of("late"));
    }
}
