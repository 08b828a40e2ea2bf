package io.gputraining.engine.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.testing.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The real MLflow server of the test environment, read through its own REST API independently of the code
 * under test: what a test checks comes from MLflow, not from the registry's own answer. Public for other modules'
 * suites (the examples' pipeline tests) that check what a training registered.
 */
public final class MlflowServer {

    private final String url = TestEnvironment.mlflowUrl();
    private final String user = TestEnvironment.mlflowUser();
    private final String password = TestEnvironment.mlflowPassword();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = new ObjectMapper();

    public String url() {
        return url;
    }

    String password() {
        return password;
    }

    public RegistryAuth auth() {
        return RegistryAuth.usernamePassword(user, password);
    }

    /** Settings for a registry under test: a fresh experiment per test class, quick retries. */
    MlflowSettings settings(String experiment) {
        return settings(url, experiment);
    }

    /** The same settings with the server reached at {@code viaUrl} (a proxy in front of it). */
    MlflowSettings settings(String viaUrl, String experiment) {
        return MlflowSettings.of(viaUrl, auth()).withExperiment(experiment)
                .withRetry(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    /** A name no earlier test run used: the server keeps everything between runs. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public JsonNode get(String api, Map<String, String> query) throws IOException, InterruptedException {
        String q = query.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = client.send(request(api + (q.isEmpty() ? "" : "?" + q)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + api + " answered " + response.statusCode() + ": " + response.body());
        }
        return mapper.readTree(response.body());
    }

    JsonNode post(String api, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request(api).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST " + api + " answered " + response.statusCode() + ": " + response.body());
        }
        return mapper.readTree(response.body());
    }

    public JsonNode modelVersion(String name, String version) throws IOException, InterruptedException {
        return get("/api/2.0/mlflow/model-versions/get", Map.of("name", name, "version", version)).path("model_version");
    }

    /** Every version of the model (none when the registered model does not exist). */
    public List<JsonNode> versionsOf(String name) throws IOException, InterruptedException {
        List<JsonNode> versions = new ArrayList<>();
        get("/api/2.0/mlflow/model-versions/search", Map.of("filter", "name = '" + name + "'")).path("model_versions")
                .forEach(versions::add);
        return versions;
    }

    public JsonNode run(String runId) throws IOException, InterruptedException {
        return get("/api/2.0/mlflow/runs/get", Map.of("run_id", runId)).path("run");
    }

    /** The runs of an experiment tagged with the idempotency key. */
    List<JsonNode> runsWithKey(String experiment, String key) throws IOException, InterruptedException {
        String experimentId = get("/api/2.0/mlflow/experiments/get-by-name", Map.of("experiment_name", experiment))
                .path("experiment").path("experiment_id").asText();
        List<JsonNode> runs = new ArrayList<>();
        post("/api/2.0/mlflow/runs/search", Map.of("experiment_ids", List.of(experimentId),
                "filter", "tags.`" + MlflowModelRegistry.IDEMPOTENCY_TAG + "` = '" + key + "'")).path("runs").forEach(runs::add);
        return runs;
    }

    /** {@code mlflow-artifacts:/1/abc/artifacts/model/x.pt} → the proxy path that serves it. */
    static String proxyPath(String artifactUri) {
        String path = URI.create(artifactUri.replace(" ", "%20")).getRawPath();
        return "/api/2.0/mlflow-artifacts/artifacts" + path;
    }

    /** sha256 of a file downloaded through the artifact proxy, streamed. */
    String sha256(String artifactUri) throws Exception {
        HttpResponse<InputStream> response = client.send(request(proxyPath(artifactUri)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("download of " + artifactUri + " answered " + response.statusCode());
            }
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public byte[] download(String artifactUri) throws IOException, InterruptedException {
        return client.send(request(proxyPath(artifactUri)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** Removes an artifact from the server's storage (frees the disk a large test used). */
    void deleteArtifact(String artifactUri) throws IOException, InterruptedException {
        client.send(request(proxyPath(artifactUri)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    private HttpRequest.Builder request(String rawPathAndQuery) {
        return HttpRequest.newBuilder(URI.create(url + rawPathAndQuery)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
}
