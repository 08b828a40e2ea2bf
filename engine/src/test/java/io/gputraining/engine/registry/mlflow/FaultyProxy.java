package io.gputraining.engine.registry.mlflow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP proxy in front of the real MLflow server that forwards everything, except what a test tells
 * it to break: an artifact upload answered with 500, or forwarded with one byte changed. Bodies are held in
 * memory, so it is for small test files only.
 */
final class FaultyProxy implements AutoCloseable {

    private static final String ARTIFACT_PREFIX = "/api/2.0/mlflow-artifacts/artifacts/";
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade", "keep-alive");

    /** What to do with an artifact upload. */
    enum Action { FORWARD, FAIL_500, CORRUPT }

    /** Decides per upload: {@code ordinal} counts distinct uploaded paths from 1, {@code attempt} the tries of one. */
    @FunctionalInterface
    interface Rule {
        Action on(int ordinal, int attempt);
    }

    private final String target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Integer> uploadAttempts = new LinkedHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Rule rule = (ordinal, attempt) -> Action.FORWARD;

    FaultyProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void onArtifactUpload(Rule newRule) {
        this.rule = newRule;
    }

    /** Every request seen, as {@code METHOD raw-path}, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** How often each artifact path (after the proxy prefix) was uploaded, in the order first seen. */
    synchronized Map<String, Integer> uploadAttempts() {
        return new LinkedHashMap<>(uploadAttempts);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            requests.add(method + " " + rawPath);
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Action action = Action.FORWARD;
            if (method.equals("PUT") && rawPath.startsWith(ARTIFACT_PREFIX)) {
                action = decide(rawPath.substring(ARTIFACT_PREFIX.length()));
            }
            if (action == Action.FAIL_500) {
                respond(exchange, 500, "text/plain", "injected failure".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (action == Action.CORRUPT && body.length > 0) {
                body[body.length / 2] ^= 0x55;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + rawPath + (rawQuery == null ? "" : "?" + rawQuery)))
                    .method(method, body.length == 0 && !method.equals("PUT") && !method.equals("POST")
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(value -> forward.header(name, value));
                }
            });
            HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            respond(exchange, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/octet-stream"),
                    answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Action decide(String path) {
        int attempt = uploadAttempts.merge(path, 1, Integer::sum);
        int ordinal = new ArrayList<>(uploadAttempts.keySet()).indexOf(path) + 1;
        return rule.on(ordinal, attempt);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
