package io.gputraining.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's faults, seen by a plain HTTP client talking to the real test registry through it. */
class FaultProxyTest {

    private static final String TAGS = "/v2/gpu-training/busybox-test/tags/list";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        proxy = FaultProxy.start(TestEnvironment.registry());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void passesTheServersAnswerThroughUnchanged() throws Exception {
        HttpResponse<String> direct = get("http://" + TestEnvironment.registry() + TAGS);

        HttpResponse<String> proxied = get(proxy.url() + TAGS);

        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(proxied.body()).isEqualTo(direct.body()).contains("\"tags\"");
        assertThat(proxy.requests()).containsExactly("GET " + TAGS + " -> 200");
        assertThat(proxy.injections()).isEmpty();
    }

    @Test
    void answersAnInjectedStatusWithoutForwarding() throws Exception {
        proxy.plan(FaultPlan.fromOrdinal(1, 1, Fault.answer(503)));

        assertThat(get(proxy.url() + TAGS).statusCode()).isEqualTo(503);
        assertThat(get(proxy.url() + TAGS).statusCode()).isEqualTo(200);
        assertThat(proxy.injections()).singleElement().satisfies(i -> assertThat(i.effect()).isEqualTo("answered 503 without forwarding"));
    }

    @Test
    void aTruncatedAnswerBreaksTheClientsRead() throws Exception {
        proxy.plan(FaultPlan.fromOrdinal(1, 1, Fault.truncateResponse(5)));

        assertThatThrownBy(() -> get(proxy.url() + TAGS)).isInstanceOf(IOException.class);
        assertThat(proxy.injections()).singleElement().satisfies(i -> assertThat(i.effect()).endsWith("cut after 5 body bytes"));
    }

    @Test
    void aResetMidUploadCutsTheBodyAfterTheGivenBytes() throws Exception {
        HttpResponse<String> session = client.send(HttpRequest.newBuilder(URI.create(proxy.url()
                + "/v2/gpu-training/fault-proxy-test/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).isEqualTo(202);
        URI upload = URI.create(session.headers().firstValue("Location").orElseThrow());
        assertThat(upload.getAuthority()).isEqualTo(proxy.hostPort());
        proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("PUT", ".*/blobs/uploads/.*"), 1, 1, Fault.resetAfter(100_000)));

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(upload + "&digest=sha256:" + "0".repeat(64)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1 << 20])).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(proxy.injections()).singleElement().satisfies(i -> assertThat(i.effect()).isEqualTo("reset after 100000 request bytes"));
    }

    @Test
    void aDelayHoldsTheAnswerBack() throws Exception {
        proxy.plan(FaultPlan.fromOrdinal(1, 1, Fault.delay(Duration.ofMillis(700))));
        long started = System.nanoTime();

        assertThat(get(proxy.url() + TAGS).statusCode()).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(proxy.requests()).hasSize(1);
        assertThat(proxy.injections()).hasSize(1);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
