package io.gputraining.reliability.aborts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Plain HTTP GETs for the registry audits (JDK client, not the engine's), with an optional
 * {@code Authorization} header: JSON documents, and bodies hashed while they stream.
 */
final class HttpReads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String authorization;

    /** @param base {@code http://host:port}; @param authorization header value, or null */
    HttpReads(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The JSON at {@code path}; empty on 404. */
    Optional<JsonNode> json(String path, String accept) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(request(path, accept), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        ok(r.statusCode(), path);
        return Optional.of(JSON.readTree(r.body()));
    }

    /** The raw bytes at {@code path}, with the response headers; empty on 404. */
    Optional<HttpResponse<byte[]>> bytes(String path, String accept) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(request(path, accept), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        ok(r.statusCode(), path);
        return Optional.of(r);
    }

    /** The sha256 and size of the body at {@code path}; empty on 404. */
    Optional<Sha256> sha256(String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = client.send(request(path, null), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() == 404) {
            r.body().close();
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            r.body().close();
            ok(r.statusCode(), path);
        }
        return Optional.of(Sha256.of(r.body()));
    }

    static JsonNode parse(byte[] json) throws IOException {
        return JSON.readTree(json);
    }

    private HttpRequest request(String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    private static void ok(int status, String path) throws IOException {
        if (status != 200) {
            throw new IOException("GET " + path + " answered " + status);
        }
    }
}
