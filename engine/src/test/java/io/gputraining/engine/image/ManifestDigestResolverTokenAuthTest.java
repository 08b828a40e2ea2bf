package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real docker-registry with token (Bearer) authentication, served over TLS with a self-signed
 * certificate on loopback; tokens come from {@link TestTokenServer}, and the registry checks them.
 */
class ManifestDigestResolverTokenAuthTest {

    private static final RegistryAuth USER = RegistryAuth.usernamePassword("trainer", "s3cret-pass-91");
    private static final String IDENTITY_TOKEN = "refresh-7d1e0c";

    @TempDir
    static Path dir;
    private static TestCertificate tls;
    private static TestTokenServer tokens;
    private static LocalRegistryProcess registry;
    private static RegistryUpload.Pushed tiny;

    private ManifestDigestResolver resolver;

    @BeforeAll
    static void startRegistryAndPush() throws Exception {
        Path storage = dir.resolve("storage");
        // Content goes in through an open registry on the same storage; the token registry then serves it.
        try (LocalRegistryProcess open = LocalRegistryProcess.start(dir.resolve("open"), storage, "", "")) {
            tiny = new RegistryUpload(URI.create("http://" + open.hostPort()), null).pushImage("gt/tiny", "v1", "linux/amd64", "tiny");
        }
        tls = TestCertificate.generate(dir.resolve("tls"), "registry-tls");
        TestCertificate signer = TestCertificate.generate(dir.resolve("tokens"), "token-signer");
        tokens = new TestTokenServer(signer, USER, IDENTITY_TOKEN);
        registry = LocalRegistryProcess.start(dir.resolve("registry"), storage,
                "  tls:\n    certificate: " + tls.certificatePem() + "\n    key: " + tls.privateKeyPem() + "\n",
                "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: " + TestTokenServer.SERVICE
                        + "\n    issuer: " + TestTokenServer.ISSUER + "\n    rootcertbundle: " + signer.certificatePem() + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @BeforeEach
    void trustTheRegistryCertificateOverHttpsOnLoopback() throws Exception {
        resolver = ManifestDigestResolver.builder().insecureRegistries(InsecureRegistries.none())
                .sslContext(tls.trustingOnlyThis()).build();
    }

    private ImageRef ref(String repositoryAndTag) {
        return ImageRef.parse(registry.hostPort() + "/" + repositoryAndTag);
    }

    @Test
    void fetchesATokenWithThePasswordForTheChallengedScopeAndResolves() throws Exception {
        String digest = resolver.resolve(ref("gt/tiny:v1"), Optional.of(USER));

        assertThat(digest).isEqualTo(tiny.digest());
        assertThat(tokens.requests()).contains(
                "GET service=" + TestTokenServer.SERVICE + "&scope=repository%3Agt%2Ftiny%3Apull, auth=Basic");
    }

    @Test
    void exchangesAnIdentityTokenByRefreshTokenGrantAndResolves() throws Exception {
        String digest = resolver.resolve(ref("gt/tiny:v1"), Optional.of(RegistryAuth.identityToken(IDENTITY_TOKEN)));

        assertThat(digest).isEqualTo(tiny.digest());
        assertThat(tokens.requests()).anyMatch(r -> r.startsWith("POST ") && r.contains("grant_type=refresh_token"));
    }

    @Test
    void sendsAReadyBearerTokenWithoutAskingTheTokenService() throws Exception {
        int asked = tokens.requests().size();

        String digest = resolver.resolve(ref("gt/tiny:v1"), Optional.of(RegistryAuth.bearerToken(tokens.pullToken("gt/tiny"))));

        assertThat(digest).isEqualTo(tiny.digest());
        assertThat(tokens.requests()).hasSize(asked);
    }

    @Test
    void refusesAnonymousAccessWhenTheAnonymousTokenGrantsNoPull() {
        assertThatThrownBy(() -> resolver.resolve(ref("gt/tiny:v1"), Optional.empty()))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("anonymous access to gt/tiny was refused (registry said: insufficient_scope)")
                .hasMessageContaining("Configure credentials for " + registry.hostPort());
    }

    @Test
    void reportsTheTokenServiceRejectingAWrongPasswordWithoutShowingIt() {
        RegistryAuth wrong = RegistryAuth.usernamePassword("trainer", "wrong-pass-33").withCredentialsId("registry-bot");

        assertThatThrownBy(() -> resolver.resolve(ref("gt/tiny:v1"), Optional.of(wrong)))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("token service " + tokens.realm() + " rejected user 'trainer' (credentials 'registry-bot')")
                .hasMessageContaining("invalid username or password")
                .hasMessageNotContaining("wrong-pass-33");
    }

    @Test
    void reportsARevokedIdentityTokenAsExpiredOrRevoked() {
        assertThatThrownBy(() -> resolver.resolve(ref("gt/tiny:v1"), Optional.of(RegistryAuth.identityToken("revoked-0000"))))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("rejected an identity token")
                .hasMessageContaining("may have expired or been revoked")
                .hasMessageNotContaining("revoked-0000");
    }

    @Test
    void reportsAMissingTagBehindTokenAuthAsNotFound() {
        assertThatThrownBy(() -> resolver.resolve(ref("gt/tiny:nope"), Optional.of(USER)))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("tag nope does not exist in gt/tiny");
    }

    @Test
    void reportsAnUntrustedCertificateAsUnreachableWithTheTrustFix() {
        ManifestDigestResolver trustingTheJvmOnly = ManifestDigestResolver.builder()
                .insecureRegistries(InsecureRegistries.none()).build();

        assertThatThrownBy(() -> trustingTheJvmOnly.resolve(ref("gt/tiny:v1"), Optional.of(USER)))
                .isInstanceOf(RegistryUnreachableException.class)
                .hasMessageContaining("Registry at " + registry.hostPort() + " is unreachable: TLS failed")
                .hasMessageContaining("truststore");
    }
}
