package io.gputraining.engine.registry.oci;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP proxy in front of a real registry that passes everything through, except that it answers
 * chosen blob-upload {@code PUT}s itself with an error status: a registry failing mid-push. It rewrites the
 * registry's upload {@code Location}s to point at itself, so every request of a push goes through it.
 */
final class FaultInjectingProxy implements AutoCloseable {

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpServer server;
    private final String upstream;
    private final List<String> requests = new ArrayList<>();
    private int blobPuts;
    private int failFrom = Integer.MAX_VALUE;
    private int failCount;
    private int failStatus;
    private final java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
    private boolean stall;
    private String raceTag;
    private ManifestRace race;

    /** What a concurrent pusher does right after a manifest PUT went through: given the manifest that was put. */
    @FunctionalInterface
    interface ManifestRace {
        void run(byte[] manifest) throws IOException, InterruptedException;
    }

    FaultInjectingProxy(String registryHostPort) throws IOException {
        this.upstream = registryHostPort;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code status} to {@code count} blob-upload PUTs starting with the {@code nth} (1-based). */
    synchronized void failBlobPuts(int nth, int count, int status) {
        this.failFrom = nth;
        this.failCount = count;
        this.failStatus = status;
    }

    /** Holds every blob-upload PUT without answering, until {@link #close()}: a registry that hangs mid-upload. */
    synchronized void stallBlobPuts() {
        this.stall = true;
    }

    /** Counted down when a PUT is being held. */
    java.util.concurrent.CountDownLatch stalled() {
        return stalled;
    }

    /** Runs {@code race} once, right after a manifest PUT under {@code tag} reached the registry and before it is answered. */
    synchronized void afterManifestPut(String tag, ManifestRace race) {
        this.raceTag = tag;
        this.race = race;
    }

    /** Every request seen, as {@code METHOD /path?query}, with the status answered. */
    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    synchronized int blobPuts() {
        return blobPuts;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Integer injected = injectedStatus(method, uri.getPath());
            if (injected != null && injected == 0) {
                record(method, uri, 0);
                stalled.countDown();
                Thread.sleep(Long.MAX_VALUE); // until close() interrupts this handler
            }
            if (injected != null) {
                record(method, uri, injected);
                byte[] error = ("{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"injected failure " + injected + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(injected, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            HttpResponse<byte[]> answer = forward(exchange, method, uri, body);
            record(method, uri, answer.statusCode());
            ManifestRace racing = raceFor(method, uri.getPath());
            if (racing != null) {
                racing.run(body);
            }
            for (Map.Entry<String, List<String>> h : answer.headers().map().entrySet()) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (name.equals(":status") || HOP_HEADERS.contains(name)) {
                    continue;
                }
                for (String value : h.getValue()) {
                    exchange.getResponseHeaders().add(h.getKey(), name.equals("location")
                            ? value.replace("http://" + upstream, "http://" + hostPort()) : value);
                }
            }
            if (method.equals("HEAD")) {
                answer.headers().firstValue("Content-Length").ifPresent(l -> exchange.getResponseHeaders().set("Content-Length", l));
                exchange.sendResponseHeaders(answer.statusCode(), -1);
                return;
            }
            byte[] content = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), content.length == 0 ? -1 : content.length);
            if (content.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(content);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Integer injectedStatus(String method, String path) {
        if (!method.equals("PUT") || !path.contains("/blobs/uploads/")) {
            return null;
        }
        blobPuts++;
        if (stall) {
            return 0;
        }
        return blobPuts >= failFrom && blobPuts < (long) failFrom + failCount ? failStatus : null;
    }

    private synchronized ManifestRace raceFor(String method, String path) {
        if (race == null || !method.equals("PUT") || !path.endsWith("/manifests/" + raceTag)) {
            return null;
        }
        ManifestRace once = race;
        race = null;
        return once;
    }

    private synchronized void record(String method, URI uri, int status) {
        requests.add(method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " -> " + status);
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, String method, URI uri, byte[] body)
            throws IOException, InterruptedException {
        URI target = URI.create("http://" + upstream + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).method(method,
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
