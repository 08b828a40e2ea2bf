package io.gputraining.reliability.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a real server directly, never through the proxy or the code under test: what the suite judges a
 * trial by comes from the server itself.
 */
final class DirectHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An answer: status, the headers that matter, the body. */
    record Answer(int status, byte[] body, java.net.http.HttpHeaders headers) {
        static Answer of(HttpResponse<byte[]> response) {
            return new Answer(response.statusCode(), response.body(), response.headers());
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    /** What came of a download: the lower-case hex sha256 of the bytes and how many there were. */
    record Content(int status, String sha256, long size) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    /** @param authorization the {@code Authorization} header, or null */
    DirectHttp(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)
                .replace("+", "%20")).collect(Collectors.joining("&"));
    }

    Answer get(String rawPathAndQuery, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(rawPathAndQuery).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return Answer.of(client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    Answer send(String method, String rawPath, Object jsonBody) throws IOException, InterruptedException {
        HttpRequest request = request(rawPath).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(jsonBody))).build();
        return Answer.of(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** Downloads and hashes, streaming. */
    Content content(String rawPath) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request(rawPath).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest sha256 = sha256();
        long size = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha256.update(buffer, 0, n);
                size += n;
            }
        }
        return new Content(response.statusCode(), HexFormat.of().formatHex(sha256.digest()), size);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private HttpRequest.Builder request(String rawPathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + rawPathAndQuery)).timeout(TIMEOUT);
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }
}
