package io.gputraining.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gputraining.engine.ProgressListener;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a file body sends and what it says it sent, against a real HTTP server on loopback. */
class FileBodyPublisherTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                }
                received.add(HexFormat.of().formatHex(digest.digest()));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aHashingBodyKnowsTheSha256OfWhatTheServerReceived() throws Exception {
        Path file = randomFile(3 * 1024 * 1024 + 17);
        FileBodyPublisher body = FileBodyPublisher.hashing(file, "upload", ProgressListener.ignoring());

        put(body);

        assertThat(body.sentSha256(Duration.ofSeconds(5))).contains(received.get(0));
        assertThat(received.get(0)).isEqualTo(sha256(Files.readAllBytes(file)));
    }

    @Test
    void eachAttemptIsHashedAfreshSoARetryReportsOnlyItsOwnBytes() throws Exception {
        Path file = randomFile(200_000);
        FileBodyPublisher body = FileBodyPublisher.hashing(file, "upload", ProgressListener.ignoring());

        put(body);
        put(body);

        assertThat(received).hasSize(2);
        assertThat(body.sentSha256(Duration.ofSeconds(5))).contains(sha256(Files.readAllBytes(file)));
    }

    @Test
    void anEmptyFileHasTheDigestOfNoBytes() throws Exception {
        Path file = Files.write(dir.resolve("empty"), new byte[0]);
        FileBodyPublisher body = FileBodyPublisher.hashing(file, "upload", ProgressListener.ignoring());

        put(body);

        assertThat(body.sentSha256(Duration.ofSeconds(5))).contains(sha256(new byte[0]));
    }

    @Test
    void aBodyThatDoesNotHashTellsNoDigest() throws Exception {
        FileBodyPublisher body = FileBodyPublisher.of(randomFile(1000), "upload", ProgressListener.ignoring());

        put(body);

        assertThat(body.sentSha256(Duration.ZERO)).isEmpty();
    }

    private void put(HttpRequest.BodyPublisher body) throws Exception {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/upload")).PUT(body).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private Path randomFile(int size) throws Exception {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return Files.write(dir.resolve("file-" + size), content);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
