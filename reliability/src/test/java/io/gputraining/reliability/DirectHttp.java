package io.gputraining.reliability;

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
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a real server directly, never through the proxy or the code under test: what the suite judges a
 * trial by comes from the server itself.
 */
public final class DirectHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An answer: status, the headers that matter, the body. */
    public record Answer(int status, byte[] body, java.net.http.HttpHeaders headers) {
        static Answer of(HttpResponse<byte[]> response) {
            return new Answer(response.statusCode(), response.body(), response.headers());
        }

        public JsonNode json() throws IOException {
            return JSON.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    /** What came of a download: the lower-case hex sha256 of the bytes and how many there were. */
    public record Content(int status, String sha256, long size) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    /** @param authorization the {@code Authorization} header, or null */
    public DirectHttp(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    public static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)
                .replace("+", "%20")).collect(Collectors.joining("&"));
    }

    public Answer get(String rawPathAndQuery, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(rawPathAndQuery).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return Answer.of(client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    public Answer send(String method, String rawPath, Object jsonBody) throws IOException, InterruptedException {
        HttpRequest request = request(rawPath).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(jsonBody))).build();
        return Answer.of(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** Downloads and hashes, streaming. */
    public Content content(String rawPath) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request(rawPath).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        Sha256 hashed = Sha256.of(response.body());
        return new Content(response.statusCode(), hashed.hex(), hashed.size());
    }

    /** The answer to a GET that must be 200, or empty on 404; any other status is an {@code IOException}. */
    public Optional<Answer> found(String rawPathAndQuery, String accept) throws IOException, InterruptedException {
        Answer answer = get(rawPathAndQuery, accept);
        return answer.status() == 404 ? Optional.empty() : Optional.of(ok(answer.status(), rawPathAndQuery, answer));
    }

    /** {@link #found} read as JSON. */
    public Optional<JsonNode> foundJson(String rawPathAndQuery, String accept) throws IOException, InterruptedException {
        Optional<Answer> answer = found(rawPathAndQuery, accept);
        return answer.isEmpty() ? Optional.empty() : Optional.of(answer.get().json());
    }

    /** The hash of a body that must be 200, or empty on 404; any other status is an {@code IOException}. */
    public Optional<Sha256> foundContent(String rawPath) throws IOException, InterruptedException {
        Content content = content(rawPath);
        return content.status() == 404 ? Optional.empty()
                : Optional.of(ok(content.status(), rawPath, new Sha256(content.sha256(), content.size())));
    }

    private static <T> T ok(int status, String path, T value) throws IOException {
        if (status != 200) {
            throw new IOException("GET " + path + " answered " + status);
        }
        return value;
    }

    private HttpRequest.Builder request(String rawPathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + rawPathAndQuery)).timeout(TIMEOUT);
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }
}
