package io.gputraining.engine.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.http.FileBodyPublisher;
import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.http.RetryPolicy.TransientFailure;
import io.gputraining.engine.image.RegistryAuth;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Calls one MLflow tracking server: JSON API calls, streamed artifact uploads and hashed downloads, each with
 * the credentials, retried by the {@link RetryPolicy} when the failure is transient (5xx, 429, a broken
 * connection), and failing at once with {@link MlflowApiException} otherwise. Every call answers thread
 * interrupt by cancelling its exchange. Credentials go only into the {@code Authorization} header; redirects
 * are not followed, so the header never travels elsewhere.
 */
final class MlflowHttp {

    private static final int SNIPPET = 300;
    private static final Duration SENT_DIGEST_WAIT = Duration.ofSeconds(10);

    private final MlflowSettings settings;
    private final HttpClient client;
    private final ObjectMapper mapper;
    private final LogSink log;

    private MlflowHttp(MlflowSettings settings, HttpClient client, ObjectMapper mapper, LogSink log) {
        this.settings = settings;
        this.client = client;
        this.mapper = mapper;
        this.log = log;
    }

    static MlflowHttp open(MlflowSettings settings, ObjectMapper mapper) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1: no h2c upgrade dance on plain http, and uploads stream the same way everywhere.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        return new MlflowHttp(settings, client, mapper, LogSink.discarding());
    }

    /** The same connection pool, with retry messages going to {@code sink}. */
    MlflowHttp logTo(LogSink sink) {
        return new MlflowHttp(settings, client, mapper, sink);
    }

    /** The same connection pool, one attempt per call: for cleanup after a failure, which must not linger. */
    MlflowHttp once() {
        return new MlflowHttp(settings.withRetry(RetryPolicy.once()), client, mapper, log);
    }

    /**
     * Runs a call made of several one-attempt requests (from {@link #once()}) under the retry policy, with
     * retry messages to the log: for calls that must look before they repeat themselves.
     */
    <T> T retrying(String what, RetryPolicy.Call<T> call) throws IOException, InterruptedException {
        return settings.retry().run(what, log, call);
    }

    ObjectMapper json() {
        return mapper;
    }

    java.net.URI trackingUrl() {
        return settings.trackingUrl();
    }

    /** {@code GET api?query}, parsed; {@code api} like {@code /api/2.0/mlflow/runs/get}. */
    JsonNode get(String api, Map<String, String> query) throws IOException, InterruptedException {
        URI uri = uri(api + (query.isEmpty() ? "" : "?" + query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"))));
        return settings.retry().run("GET " + api, log, () -> parse("GET " + api,
                send(request(uri).GET().timeout(settings.requestTimeout()).build(), HttpResponse.BodyHandlers.ofString())));
    }

    /** {@code POST api} with a JSON body, parsed. */
    JsonNode post(String api, Object body) throws IOException, InterruptedException {
        return send("POST", api, body);
    }

    /** {@code DELETE api} with a JSON body (MLflow's delete calls take their arguments in the body), parsed. */
    JsonNode delete(String api, Object body) throws IOException, InterruptedException {
        return send("DELETE", api, body);
    }

    private JsonNode send(String method, String api, Object body) throws IOException, InterruptedException {
        byte[] json = mapper.writeValueAsBytes(body);
        return settings.retry().run(method + " " + api, log, () -> parse(method + " " + api,
                send(request(uri(api)).header("Content-Type", "application/json").timeout(settings.requestTimeout())
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json)).build(),
                        HttpResponse.BodyHandlers.ofString())));
    }

    /**
     * Streams {@code file} to {@code PUT rawPath}, reporting bytes sent, and returns the lower-case hex sha256 of
     * the bytes the accepted attempt sent (hashed on the way out: no second read of the file). A retry sends the
     * file again from the start. A file that disappeared is not retried: it throws {@link UncheckedIOException}.
     */
    String upload(String rawPath, Path file, String task, ProgressListener progress) throws IOException, InterruptedException {
        return settings.retry().run("upload " + task, log, () -> {
            FileBodyPublisher body;
            try {
                body = FileBodyPublisher.hashing(file, task, progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // No request timeout: a multi-GB file takes as long as it takes; interrupt stops it.
            check("PUT " + rawPath, send(request(uri(rawPath)).header("Content-Type", "application/octet-stream")
                    .PUT(body).build(), HttpResponse.BodyHandlers.ofString()));
            // The server answered 2xx, so it read every byte: the client's last buffer is at most a moment late.
            return body.sentSha256(SENT_DIGEST_WAIT).orElseThrow(() -> new IOException("PUT " + rawPath
                    + " was accepted before the whole file was sent (" + body.contentLength() + " bytes); the server"
                    + " or a proxy in between cut the upload short"));
        });
    }

    /** {@code PUT rawPath} with a small in-memory body. */
    void upload(String rawPath, byte[] content) throws IOException, InterruptedException {
        settings.retry().run("upload " + rawPath, log, () -> check("PUT " + rawPath,
                send(request(uri(rawPath)).header("Content-Type", "application/octet-stream").timeout(settings.requestTimeout())
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString())));
    }

    /** Downloads {@code GET rawPath} and returns the lower-case hex sha256 of its bytes, in constant memory. */
    String sha256(String rawPath) throws IOException, InterruptedException {
        return settings.retry().run("download " + rawPath, log, () -> {
            HttpResponse<InputStream> response = send(request(uri(rawPath)).GET().timeout(settings.requestTimeout()).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    fail("GET " + rawPath, response.statusCode(), new String(in.readNBytes(4096), StandardCharsets.UTF_8));
                }
                MessageDigest digest = sha256Digest();
                byte[] buffer = new byte[64 * 1024];
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        if (Thread.interrupted()) {
                            throw new InterruptedException("download " + rawPath + " interrupted");
                        }
                        digest.update(buffer, 0, n);
                    }
                } catch (IOException broken) {
                    throw transport("GET " + rawPath, broken);
                }
                return HexFormat.of().formatHex(digest.digest());
            }
        });
    }

    /** Percent-encodes one path segment or query value (a space as {@code %20}, as paths need). */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI uri(String rawPathAndQuery) {
        return URI.create(settings.trackingUrl() + rawPathAndQuery);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("User-Agent", "gpu-training");
        RegistryAuth auth = settings.auth();
        switch (auth.kind()) {
            case USERNAME_PASSWORD -> builder.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((auth.username() + ":" + auth.secret()).getBytes(StandardCharsets.UTF_8)));
            case BEARER_TOKEN -> builder.header("Authorization", "Bearer " + auth.secret());
            default -> { }
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> exchange = client.sendAsync(request, handler);
        try {
            return exchange.get();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw transport(request.method() + " " + request.uri().getRawPath(), io);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("HTTP client failed unexpectedly", cause);
        }
    }

    /**
     * A connection that broke, timed out or was cut short is as transient as a 5xx: it says so (and which
     * call it was), so the message of a failed registration tells to look at the server. An interrupt stays
     * what it is.
     */
    private static IOException transport(String call, IOException e) {
        if (e instanceof TransientFailure || e instanceof java.io.InterruptedIOException) {
            return e;
        }
        return new TransientFailure(call + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }

    private JsonNode parse(String call, HttpResponse<String> response) throws IOException {
        check(call, response);
        String body = response.body();
        return mapper.readTree(body == null || body.isBlank() ? "{}" : body);
    }

    private Void check(String call, HttpResponse<String> response) throws TransientFailure {
        if (response.statusCode() / 100 != 2) {
            fail(call, response.statusCode(), response.body());
        }
        return null;
    }

    /** Throws what an error answer means: a {@link TransientFailure} to retry, or the {@link MlflowApiException} that ends the call. */
    private void fail(String call, int status, String body) throws TransientFailure {
        String text = body == null ? "" : body.strip();
        if (status == 429 || status >= 500) {
            throw new TransientFailure(call + " answered " + status + (text.isEmpty() ? "" : ": " + shorten(text)));
        }
        String errorCode = "";
        String message = shorten(text.isEmpty() ? "(no body)" : text);
        try {
            JsonNode error = mapper.readTree(text);
            if (error != null && error.hasNonNull("error_code")) {
                errorCode = error.path("error_code").asText();
                message = shorten(error.path("message").asText());
            }
        } catch (IOException notJson) {
            // The basic-auth app and authenticating proxies answer in text or HTML: keep it as the message.
        }
        String toDo = switch (status) {
            case 401 -> settings.auth().isAnonymous()
                    ? "The MLflow server at " + settings.trackingUrl() + " requires credentials; configure a user and"
                    + " password or a token for it"
                    : "The MLflow server at " + settings.trackingUrl() + " refused " + settings.auth().describe()
                    + "; check that user and secret";
            case 403 -> "The MLflow server at " + settings.trackingUrl() + " does not allow " + settings.auth().describe()
                    + " to do this; ask its administrator for EDIT or MANAGE permission on the experiment and the registered model";
            default -> "";
        };
        throw new MlflowApiException(call, status, errorCode, message, toDo);
    }

    /** A failure of a call in words a user can act on. */
    String explain(Throwable e) {
        Throwable connect = e;
        while (connect != null && !(connect instanceof ConnectException || connect instanceof HttpConnectTimeoutException)) {
            connect = connect.getCause();
        }
        if (connect != null) {
            return "no connection to " + settings.trackingUrl() + " (" + connect.getClass().getSimpleName()
                    + (connect.getMessage() == null ? "" : ": " + connect.getMessage()) + "); check that the MLflow server runs"
                    + " and that this machine can reach it";
        }
        if (e instanceof TransientFailure) {
            return e.getMessage() + " (" + settings.retry().maxAttempts() + " attempts); the server kept failing, see its log";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.replaceAll("[.\\s]+$", "");
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= SNIPPET ? oneLine : oneLine.substring(0, SNIPPET) + "…";
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
