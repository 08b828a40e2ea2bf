package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the resolver reads answers that the reference registry never gives but registries behind proxies, or
 * other implementations, do: no digest header on HEAD, a digest that does not match, server errors. A JDK
 * HTTP server plays such a registry; each test sets the one answer it needs.
 */
class ManifestDigestResolverResponseTest {

    // A minimal OCI manifest (config "{}", no layers); only its bytes matter here.
    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":"
            + "\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private ImageRef serve(int headStatus, int getStatus, Map<String, String> headers, byte[] getBody) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " Accept: "
                        + exchange.getRequestHeaders().getFirst("Accept"));
                headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(head ? headStatus : getStatus, head ? -1 : getBody.length);
                if (!head) {
                    exchange.getResponseBody().write(getBody);
                }
            }
        });
        server.start();
        return ImageRef.parse("127.0.0.1:" + server.getAddress().getPort() + "/gt/tiny:v1");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void hashesTheGetBodyWhenNoDigestHeaderComes() throws Exception {
        ImageRef ref = serve(200, 200, Map.of("Content-Type", RegistryUpload.OCI_MANIFEST), MANIFEST);

        assertThat(ManifestDigestResolver.withDefaults().resolve(ref, Optional.empty())).isEqualTo(RegistryUpload.digestOf(MANIFEST));
        assertThat(requests).extracting(r -> r.substring(0, r.indexOf(' '))).containsExactly("HEAD", "GET");
    }

    @Test
    void asksForIndexesAndListsBeforeSingleManifests() throws Exception {
        ImageRef ref = serve(200, 200, Map.of(), MANIFEST);

        ManifestDigestResolver.withDefaults().resolve(ref, Optional.empty());

        assertThat(requests.get(0)).endsWith("Accept: application/vnd.oci.image.index.v1+json, "
                + "application/vnd.docker.distribution.manifest.list.v2+json, "
                + "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json");
    }

    @Test
    void refusesABodyThatDoesNotMatchItsDigestHeader() throws Exception {
        String claimed = "sha256:" + "ab".repeat(32);
        ImageRef ref = serve(404, 200, Map.of("Docker-Content-Digest", claimed), MANIFEST);

        assertThatThrownBy(() -> ManifestDigestResolver.withDefaults().resolve(ref, Optional.empty()))
                .isInstanceOf(RegistryResponseException.class)
                .hasMessageContaining("the manifest's sha256 is " + RegistryUpload.digestOf(MANIFEST) + " but the registry calls it " + claimed);
    }

    @Test
    void refusesADigestHeaderThatIsNoDigest() throws Exception {
        ImageRef ref = serve(200, 200, Map.of("Docker-Content-Digest", "sha256:xyz"), MANIFEST);

        assertThatThrownBy(() -> ManifestDigestResolver.withDefaults().resolve(ref, Optional.empty()))
                .isInstanceOf(RegistryResponseException.class)
                .hasMessageContaining("Docker-Content-Digest 'sha256:xyz' is not a digest");
    }

    @Test
    void summarisesTheRegistryErrorOfAnUnexpectedStatus() throws Exception {
        byte[] error = "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"unknown error\",\"detail\":\"storage unavailable\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        ImageRef ref = serve(500, 500, Map.of("Content-Type", "application/json"), error);

        assertThatThrownBy(() -> ManifestDigestResolver.withDefaults().resolve(ref, Optional.empty()))
                .isInstanceOf(RegistryResponseException.class)
                .hasMessageContaining("with status 500: unexpected status (registry said: UNKNOWN: unknown error (storage unavailable))")
                .extracting(e -> ((RegistryResponseException) e).status()).isEqualTo(500);
    }

    @Test
    void explainsRateLimitingWithWhatToDo() throws Exception {
        byte[] error = "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate limit.\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        ImageRef ref = serve(429, 429, Map.of(), error);

        assertThatThrownBy(() -> ManifestDigestResolver.withDefaults().resolve(ref, Optional.empty()))
                .isInstanceOf(RegistryResponseException.class)
                .hasMessageContaining("too many requests (registry said: TOOMANYREQUESTS: You have reached your pull rate limit.)")
                .hasMessageContaining("authenticate");
    }

    @Test
    void refusesA401WithoutAChallengeItCanAnswer() throws Exception {
        ImageRef ref = serve(401, 401, Map.of("WWW-Authenticate", "Negotiate"), new byte[0]);

        assertThatThrownBy(() -> ManifestDigestResolver.withDefaults().resolve(ref, Optional.empty()))
                .isInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("only the unsupported scheme(s) negotiate");
    }
}
