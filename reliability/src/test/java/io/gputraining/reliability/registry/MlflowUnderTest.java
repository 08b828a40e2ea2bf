package io.gputraining.reliability.registry;

import io.gputraining.reliability.DirectHttp;

import com.fasterxml.jackson.databind.JsonNode;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.registry.mlflow.MlflowModelRegistry;
import io.gputraining.engine.registry.mlflow.MlflowSettings;
import io.gputraining.engine.testing.FaultProxy;
import io.gputraining.engine.testing.TestEnvironment;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real MLflow tracking server. A registered version is judged by MLflow itself: READY, its run FINISHED
 * with the params, metrics and tags, every file downloaded back with the source's sha256, the alias on it,
 * and no other version or live run with its idempotency key. A failure must leave no version and every run
 * with the key FAILED.
 */
final class MlflowUnderTest implements RegistryUnderTest {

    static final String EXPERIMENT = "reliability-registry-faults";
    private static final String API = "/api/2.0/mlflow";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

    private final String url = TestEnvironment.mlflowUrl();
    private final RegistryAuth auth = RegistryAuth.usernamePassword(TestEnvironment.mlflowUser(), TestEnvironment.mlflowPassword());
    private final DirectHttp server = new DirectHttp(url, DirectHttp.basic(TestEnvironment.mlflowUser(),
            TestEnvironment.mlflowPassword()));

    @Override
    public String name() {
        return "mlflow";
    }

    @Override
    public String upstream() {
        return URI.create(url).getAuthority();
    }

    @Override
    public void prepare() throws Exception {
        DirectHttp.Answer created = server.send("POST", API + "/experiments/create", Map.of("name", EXPERIMENT));
        if (created.status() != 200 && !new String(created.body(), java.nio.charset.StandardCharsets.UTF_8).contains("RESOURCE_ALREADY_EXISTS")) {
            throw new IllegalStateException("creating experiment " + EXPERIMENT + " answered " + created.status());
        }
    }

    @Override
    public ModelRegistry through(FaultProxy proxy) {
        return new MlflowModelRegistry(MlflowSettings.of(proxy.url(), auth).withExperiment(EXPERIMENT).withRetry(RETRY)
                .withTimeouts(REQUEST_TIMEOUT, Duration.ofSeconds(30)));
    }

    @Override
    public ModelRegistry direct() {
        return new MlflowModelRegistry(MlflowSettings.of(url, auth).withExperiment(EXPERIMENT));
    }

    @Override
    public boolean holdsVersion(ModelPublication publication) throws Exception {
        return !versions(publication.modelName()).isEmpty();
    }

    @Override
    public List<String> checkRegistered(ModelPublication publication, RegisteredModel model) throws Exception {
        List<String> problems = new ArrayList<>();
        List<JsonNode> versions = versions(publication.modelName());
        if (versions.size() != 1 || !versions.get(0).path("version").asText().equals(model.version())) {
            problems.add("MLflow holds versions " + versions.stream().map(v -> v.path("version").asText()).toList()
                    + ", not just the returned version " + model.version());
            return problems;
        }
        JsonNode version = versions.get(0);
        expect(problems, "version status", "READY", version.path("status").asText());
        Map<String, String> tags = keyValues(version.path("tags"));
        expect(problems, "version idempotency tag", publication.idempotencyKey(), tags.get(MlflowModelRegistry.IDEMPOTENCY_TAG));
        String manifestSha256 = TrialPublication.sha256(publication.runManifest());
        expect(problems, "returned digest", "sha256:" + manifestSha256, model.digest());
        JsonNode run = server.get(API + "/runs/get?" + DirectHttp.query(Map.of("run_id", version.path("run_id").asText())), null)
                .json().path("run");
        expect(problems, "run status", "FINISHED", run.path("info").path("status").asText());
        Map<String, String> params = keyValues(run.path("data").path("params"));
        publication.params().forEach((k, v) -> expect(problems, "param " + k, v, params.get(k)));
        Map<String, String> runTags = keyValues(run.path("data").path("tags"));
        publication.tags().forEach((k, v) -> expect(problems, "run tag " + k, v, runTags.get(k)));
        Map<String, Double> metrics = new java.util.HashMap<>();
        run.path("data").path("metrics").forEach(m -> metrics.put(m.path("key").asText(), m.path("value").asDouble()));
        publication.metrics().forEach((k, v) -> expect(problems, "metric " + k, String.valueOf(v), String.valueOf(metrics.get(k))));
        String source = version.path("source").asText();
        expect(problems, "version source", run.path("info").path("artifact_uri").asText() + "/" + MlflowModelRegistry.MODEL_DIRECTORY,
                source);
        String directory = ARTIFACTS + URI.create(source).getRawPath();
        for (ArtifactFile file : publication.artifacts()) {
            expectContent(problems, directory + "/" + file.path(), file.sha256(), file.size());
        }
        expectContent(problems, directory + "/" + ModelPublication.MANIFEST_FILE, manifestSha256, publication.runManifest().length);
        if (publication.alias() != null) {
            DirectHttp.Answer alias = server.get(API + "/registered-models/alias?" + DirectHttp.query(Map.of("name",
                    publication.modelName(), "alias", publication.alias())), null);
            expect(problems, "alias " + publication.alias(), model.version(),
                    alias.status() == 200 ? alias.json().path("model_version").path("version").asText() : "missing (" + alias.status() + ")");
        }
        for (JsonNode other : runsWithKey(publication.idempotencyKey())) {
            String status = other.path("info").path("status").asText();
            if (!other.path("info").path("run_id").asText().equals(version.path("run_id").asText()) && !status.equals("FAILED")) {
                problems.add("another run with the key, " + other.path("info").path("run_id").asText() + ", is " + status);
            }
        }
        return problems;
    }

    @Override
    public List<String> checkNothingRegistered(ModelPublication publication, ModelRegistryException failure, FaultProxy proxy)
            throws Exception {
        List<String> problems = new ArrayList<>();
        String message = failure.getMessage();
        if (!message.contains("in MLflow at " + proxy.url())) {
            problems.add("the message does not name the MLflow server: " + message);
        }
        if (!RegistryUnderTest.advises(message)) {
            problems.add("the message does not say what to do: " + message);
        }
        if (!message.contains("No model version was created") && !message.contains("Nothing was uploaded or created")) {
            problems.add("the message does not say that no version was created: " + message);
        }
        List<JsonNode> versions = versions(publication.modelName());
        if (!versions.isEmpty()) {
            problems.add("MLflow holds versions " + versions.stream().map(v -> v.path("version").asText() + " "
                    + v.path("status").asText()).toList() + " after the failure");
        }
        for (JsonNode run : runsWithKey(publication.idempotencyKey())) {
            String status = run.path("info").path("status").asText();
            if (!status.equals("FAILED")) {
                problems.add("run " + run.path("info").path("run_id").asText() + " is " + status + ", not FAILED");
            }
        }
        return problems;
    }

    @Override
    public void cleanUp(ModelPublication publication) throws Exception {
        for (JsonNode run : runsWithKey(publication.idempotencyKey())) {
            String root = URI.create(run.path("info").path("artifact_uri").asText()).getRawPath();
            server.send("DELETE", ARTIFACTS + root + "/" + MlflowModelRegistry.MODEL_DIRECTORY, Map.of());
        }
        server.send("DELETE", API + "/registered-models/delete", Map.of("name", publication.modelName()));
    }

    private void expectContent(List<String> problems, String rawPath, String sha256, long size) throws Exception {
        DirectHttp.Content content = server.content(rawPath);
        if (content.status() != 200 || !content.sha256().equals(sha256) || content.size() != size) {
            problems.add(rawPath + " downloads as " + content.status() + ", " + content.size() + " bytes, sha256 " + content.sha256()
                    + "; the source has " + size + " bytes, sha256 " + sha256);
        }
    }

    private List<JsonNode> versions(String model) throws Exception {
        List<JsonNode> versions = new ArrayList<>();
        server.get(API + "/model-versions/search?" + DirectHttp.query(Map.of("filter", "name = '" + model + "'")), null).json()
                .path("model_versions").forEach(versions::add);
        return versions;
    }

    private List<JsonNode> runsWithKey(String key) throws Exception {
        String experimentId = server.get(API + "/experiments/get-by-name?" + DirectHttp.query(Map.of("experiment_name", EXPERIMENT)),
                null).json().path("experiment").path("experiment_id").asText();
        List<JsonNode> runs = new ArrayList<>();
        if (experimentId.isEmpty()) {
            return runs;
        }
        server.send("POST", API + "/runs/search", Map.of("experiment_ids", List.of(experimentId),
                "filter", "tags.`" + MlflowModelRegistry.IDEMPOTENCY_TAG + "` = '" + key + "'")).json().path("runs").forEach(runs::add);
        return runs;
    }

    private static Map<String, String> keyValues(JsonNode array) {
        Map<String, String> values = new java.util.HashMap<>();
        array.forEach(entry -> values.put(entry.path("key").asText(), entry.path("value").asText()));
        return values;
    }

    private static void expect(List<String> problems, String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            problems.add(what + " is " + actual + ", expected " + expected);
        }
    }
}
