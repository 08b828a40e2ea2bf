package io.gputraining.engine.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.artifacts.ArtifactCollector;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.testing.RecordingSink;
import io.gputraining.engine.testing.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real MLflow tracking server of the test environment, read back through MLflow's own REST API. */
class MlflowModelRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path output;
    private String url;
    private String model;

    @BeforeEach
    void files() throws IOException {
        url = TestEnvironment.mlflowUrl();
        model = "gt-test-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] weights = new byte[3 << 20];
        new Random(7).nextBytes(weights);
        Files.write(output.resolve("model.pt"), weights);
        Files.createDirectories(output.resolve("tokenizer"));
        Files.writeString(output.resolve("tokenizer/vocab.txt"), "a\nb\nc\n");
        Files.writeString(output.resolve("metrics.json"), "{\"metrics\": {\"loss\": 0.1}}");
    }

    private ModelPublication publication(String key, String alias) throws InterruptedException {
        List<ArtifactFile> artifacts = new ArtifactCollector().collect(output, List.of("**"), LogSink.discarding(), p -> { });
        return new ModelPublication(model, key, artifacts, Map.of("epochs", "3", "lr", "0.01"), Map.of("final_loss", 0.125),
                List.of(new MetricPoint("loss", 0.5, 0, 1_700_000_000_000L), new MetricPoint("loss", 0.25, 1, 1_700_000_001_000L)),
                Map.of("gpu_training.git_commit", "0123456789abcdef"), "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8), alias);
    }

    private MlflowModelRegistry registry() {
        return MlflowModelRegistry.of(url, null);
    }

    @Test
    void registersAVersionWhoseFilesParamsMetricsAndTagsReadBackThroughMlflow() throws Exception {
        RegisteredModel registered = registry().register(publication("key-1", "candidate"), new RecordingSink(), p -> { });

        assertThat(registered.version()).isEqualTo("1");
        assertThat(registered.uri()).isEqualTo("models:/" + model + "/1");
        JsonNode version = get("/api/2.0/mlflow/model-versions/get?name=" + enc(model) + "&version=1").path("model_version");
        assertThat(version.path("status").asText()).isEqualTo("READY");
        assertThat(version.path("run_id").asText()).isEqualTo(registered.details().get("run_id"));
        assertThat(tags(version)).containsEntry(MlflowModelRegistry.KEY_TAG, "key-1").containsEntry("gpu_training.git_commit", "0123456789abcdef");

        JsonNode run = get("/api/2.0/mlflow/runs/get?run_id=" + registered.details().get("run_id")).path("run");
        assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
        assertThat(kv(run.path("data").path("params"))).containsEntry("epochs", "3").containsEntry("lr", "0.01");
        assertThat(run.path("data").path("metrics").findValuesAsText("key")).contains("final_loss", "loss");

        String root = run.path("info").path("artifact_uri").asText().replace("mlflow-artifacts:/", "").replaceFirst("^/+", "");
        for (String path : List.of("model.pt", "tokenizer/vocab.txt", "metrics.json")) {
            byte[] served = download(root + "/model/" + path);
            assertThat(sha256(served)).as(path).isEqualTo(sha256(Files.readAllBytes(output.resolve(path))));
        }
        assertThat(new String(download(root + "/model/run-manifest.json"), StandardCharsets.UTF_8)).isEqualTo("{\"schemaVersion\":1}");
        JsonNode aliased = get("/api/2.0/mlflow/registered-models/alias?name=" + enc(model) + "&alias=candidate").path("model_version");
        assertThat(aliased.path("version").asText()).isEqualTo("1");
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameVersionAndANewKeyTheNext() throws Exception {
        RegisteredModel first = registry().register(publication("key-a", null), new RecordingSink(), p -> { });
        RecordingSink log = new RecordingSink();
        RegisteredModel again = registry().register(publication("key-a", null), log, p -> { });
        RegisteredModel next = registry().register(publication("key-b", null), new RecordingSink(), p -> { });

        assertThat(again.version()).isEqualTo(first.version()).isEqualTo("1");
        assertThat(log.messages()).anySatisfy(m -> assertThat(m).contains("already registered"));
        assertThat(next.version()).isEqualTo("2");
        assertThat(registry().find(model, "key-b")).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo("2"));
        assertThat(registry().find(model, "key-unknown")).isEmpty();
    }

    @Test
    void aFileThatVanishesMidWayCreatesNoVersionAndSaysWhatWasUploaded() throws Exception {
        ModelPublication publication = publication("key-broken", null);
        Files.delete(output.resolve("tokenizer/vocab.txt"));

        assertThatThrownBy(() -> new MlflowModelRegistry(URI.create(url), null, RetryPolicy.once(), Duration.ofMinutes(1))
                .register(publication, new RecordingSink(), p -> { }))
                .isInstanceOfSatisfying(ModelRegistryException.class, e -> assertThat(e.uploaded()).contains("metrics.json", "model.pt"))
                .hasMessageContaining("no model version was created");

        assertThat(get("/api/2.0/mlflow/model-versions/search?filter=" + enc("name='" + model + "'")).path("model_versions")).isEmpty();
    }

    @Test
    void anUnreachableServerIsReportedWithItsAddress() throws Exception {
        MlflowModelRegistry closed = new MlflowModelRegistry(URI.create("http://127.0.0.1:9"), null, RetryPolicy.once(), Duration.ofSeconds(5));

        assertThatThrownBy(() -> closed.register(publication("k", null), new RecordingSink(), p -> { }))
                .hasMessageContaining("http://127.0.0.1:9");
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> MlflowModelRegistry.of("mlflow.example:5000", null)).hasMessageContaining("http(s) URL");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private byte[] download(String artifactPath) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/2.0/mlflow-artifacts/artifacts/" + artifactPath)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(artifactPath).isEqualTo(200);
        return r.body();
    }

    private static Map<String, String> tags(JsonNode node) {
        return kv(node.path("tags"));
    }

    private static Map<String, String> kv(JsonNode list) {
        Map<String, String> map = new java.util.HashMap<>();
        list.forEach(t -> map.put(t.path("key").asText(), t.path("value").asText()));
        return map;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
