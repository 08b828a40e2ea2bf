package io.gputraining.engine.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.http.RetryPolicy.TransientFailure;
import io.gputraining.engine.image.RegistryAuth;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The calls of MLflow's REST API this engine makes, with credentials, retries and MLflow's own error text.
 * A 5xx, a 429 or a broken connection is retried; a 4xx fails at once with {@link MlflowApiException}.
 */
final class MlflowClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final RegistryAuth auth;
    private final RetryPolicy retry;
    private final LogSink log;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    MlflowClient(URI base, RegistryAuth auth, RetryPolicy retry, LogSink log) {
        this.base = base;
        this.auth = auth;
        this.retry = retry;
        this.log = log;
    }

    URI base() {
        return base;
    }

    JsonNode get(String path, Map<String, String> query) throws InterruptedException {
        StringJoiner q = new StringJoiner("&");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = base.resolve(path + (query.isEmpty() ? "" : "?" + q));
        return call("GET " + path, request(uri).GET());
    }

    JsonNode post(String path, Object body) throws InterruptedException {
        try {
            return call("POST " + path, request(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("request bodies are plain maps", e);
        }
    }

    /** A streamed upload; {@code body} is asked for anew on each attempt. */
    JsonNode put(String path, BodySupplier body) throws InterruptedException {
        URI uri = base.resolve(path);
        return send("PUT " + path, () -> request(uri).timeout(Duration.ofHours(6))
                .header("Content-Type", "application/octet-stream").PUT(body.get()));
    }

    @FunctionalInterface
    interface BodySupplier {
        HttpRequest.BodyPublisher get() throws IOException;
    }

    private JsonNode call(String what, HttpRequest.Builder request) throws InterruptedException {
        return send(what, () -> request);
    }

    private JsonNode send(String what, RequestFactory factory) throws InterruptedException {
        try {
            return retry.run(what, log, () -> {
                HttpResponse<byte[]> response;
                try {
                    response = http.send(factory.create().build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (ConnectException e) {
                    throw new TransientFailure("cannot connect to the MLflow server at " + base + ": " + e.getMessage(), e);
                }
                int status = response.statusCode();
                if (status >= 500 || status == 429) {
                    throw new TransientFailure(what + " answered " + status + errorOf(response.body()));
                }
                if (status >= 400) {
                    throw new MlflowApiException(what, status, errorCode(response.body()), errorOf(response.body()), auth);
                }
                return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            });
        } catch (IOException e) {
            throw new EngineException("The MLflow server at " + base + " did not accept " + what + ": " + e.getMessage()
                    + ". Check that it runs and answers (" + base.resolve("/health") + ").", e);
        }
    }

    @FunctionalInterface
    private interface RequestFactory {
        HttpRequest.Builder create() throws IOException;
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2));
        if (auth != null) {
            switch (auth.kind()) {
                case USERNAME_PASSWORD -> b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (auth.username() + ":" + auth.secret()).getBytes(StandardCharsets.UTF_8)));
                case BEARER_TOKEN, IDENTITY_TOKEN -> b.header("Authorization", "Bearer " + auth.secret());
                case ANONYMOUS -> { }
            }
        }
        return b;
    }

    private static String errorCode(byte[] body) {
        try {
            return JSON.readTree(body).path("error_code").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String errorOf(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            String message = node.path("message").asText("");
            return message.isEmpty() ? "" : ": " + node.path("error_code").asText("") + " " + message;
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
        }
    }
}
