package io.gputraining.engine.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.artifacts.StreamingSha256;
import io.gputraining.engine.http.FileBodyPublisher;
import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers model versions in an MLflow tracking server through its REST API only (no Python on the agent):
 * an experiment per model ({@code gpu-training/<model>}), a run holding params, metrics, lineage tags and the
 * files (uploaded through the server's artifact proxy, {@code mlflow server --serve-artifacts}), then the
 * registered model version pointing at the run's {@code model/} directory, awaited until READY.
 * <p>Atomic: the model version is created only after every file is uploaded and its size verified through the
 * server's listing; a failure marks the run FAILED and creates no version. Idempotent: the run and the version
 * carry the idempotency key as tag {@value #KEY_TAG}; {@link #find} searches versions for it.
 */
public final class MlflowModelRegistry implements ModelRegistry {

    static final String KEY_TAG = "gpu_training.idempotency_key";
    private static final String ARTIFACTS_API = "/api/2.0/mlflow-artifacts/artifacts/";

    private final URI base;
    private final RegistryAuth auth;
    private final RetryPolicy retry;
    private final Duration readyTimeout;

    public MlflowModelRegistry(URI trackingServer, RegistryAuth auth, RetryPolicy retry, Duration readyTimeout) {
        String s = trackingServer.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.auth = auth;
        this.retry = retry;
        this.readyTimeout = readyTimeout;
    }

    public static MlflowModelRegistry of(String trackingServer, RegistryAuth auth) {
        URI uri = URI.create(trackingServer);
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
            throw new EngineException("MLflow tracking server '" + trackingServer + "' is not an http(s) URL, e.g. http://mlflow.example:5000.");
        }
        return new MlflowModelRegistry(uri, auth, RetryPolicy.defaults(), Duration.ofMinutes(5));
    }

    @Override
    public String describe() {
        return "mlflow " + base.toString().replaceAll("/$", "");
    }

    @Override
    public Optional<RegisteredModel> find(String modelName, String idempotencyKey) throws InterruptedException {
        MlflowClient client = new MlflowClient(base, auth, retry, LogSink.discarding());
        String pageToken = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("filter", "name='" + modelName.replace("'", "\\'") + "'");
            query.put("max_results", "200");
            if (pageToken != null) {
                query.put("page_token", pageToken);
            }
            JsonNode page = client.get("api/2.0/mlflow/model-versions/search", query);
            for (JsonNode version : page.path("model_versions")) {
                for (JsonNode tag : version.path("tags")) {
                    if (KEY_TAG.equals(tag.path("key").asText()) && idempotencyKey.equals(tag.path("value").asText())) {
                        return Optional.of(registered(modelName, version.path("version").asText(), version.path("run_id").asText(), null));
                    }
                }
            }
            pageToken = page.path("next_page_token").asText(null);
        } while (pageToken != null && !pageToken.isEmpty());
        return Optional.empty();
    }

    @Override
    public RegisteredModel register(ModelPublication publication, LogSink log, ProgressListener progress) throws InterruptedException {
        Optional<RegisteredModel> existing = find(publication.modelName(), publication.idempotencyKey());
        if (existing.isPresent()) {
            log.message("Model '" + publication.modelName() + "' version " + existing.get().version()
                    + " is already registered for this run (same idempotency key); not registering it again.");
            return existing.get();
        }
        MlflowClient client = new MlflowClient(base, auth, retry, log);
        String experimentId = experiment(client, "gpu-training/" + publication.modelName());
        JsonNode run = client.post("api/2.0/mlflow/runs/create", Map.of("experiment_id", experimentId,
                "start_time", System.currentTimeMillis(), "run_name", publication.modelName(),
                "tags", tags(publication, true))).path("run").path("info");
        String runId = run.path("run_id").asText();
        String artifactRoot = artifactRoot(run.path("artifact_uri").asText());
        List<String> uploaded = new ArrayList<>();
        try {
            new MlflowRunLog(client).log(runId, publication);
            for (ArtifactFile file : publication.artifacts()) {
                client.put(ARTIFACTS_API + artifactRoot + "/model/" + encodePath(file.path()),
                        () -> FileBodyPublisher.of(file.local(), "upload " + file.path(), progress));
                uploaded.add(file.path());
            }
            byte[] manifest = publication.runManifest();
            client.put(ARTIFACTS_API + artifactRoot + "/model/" + ModelPublication.MANIFEST_FILE,
                    () -> HttpRequest.BodyPublishers.ofByteArray(manifest));
            uploaded.add(ModelPublication.MANIFEST_FILE);
            new MlflowUploadCheck(client).verify(artifactRoot + "/model", publication.artifacts(), manifest.length);
            client.post("api/2.0/mlflow/runs/update", Map.of("run_id", runId, "status", "FINISHED", "end_time", System.currentTimeMillis()));

            createRegisteredModel(client, publication.modelName());
            JsonNode version = client.post("api/2.0/mlflow/model-versions/create", Map.of("name", publication.modelName(),
                    "source", run.path("artifact_uri").asText() + "/model", "run_id", runId, "tags", tags(publication, false)))
                    .path("model_version");
            String number = version.path("version").asText();
            new MlflowVersionWait(client, readyTimeout).awaitReady(publication.modelName(), number);
            if (publication.alias() != null && !publication.alias().isBlank()) {
                client.post("api/2.0/mlflow/registered-models/alias", Map.of("name", publication.modelName(),
                        "alias", publication.alias(), "version", number));
            }
            RegisteredModel model = registered(publication.modelName(), number, runId, StreamingSha256.of(manifest));
            log.message("Registered model '" + publication.modelName() + "' version " + number + " in " + describe()
                    + " (run " + runId + ")");
            return model;
        } catch (RuntimeException e) {
            markFailed(client, runId);
            throw new ModelRegistryException("Registering '" + publication.modelName() + "' in " + describe()
                    + " failed, and no model version was created (run " + runId + " is marked FAILED): " + e.getMessage(), uploaded, e);
        } catch (InterruptedException e) {
            Thread.interrupted();
            markFailed(client, runId);
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    private static void markFailed(MlflowClient client, String runId) {
        try {
            client.post("api/2.0/mlflow/runs/update", Map.of("run_id", runId, "status", "FAILED", "end_time", System.currentTimeMillis()));
        } catch (RuntimeException | InterruptedException ignored) {
            // the failure being reported matters more than the run's status
        }
    }

    private static String experiment(MlflowClient client, String name) throws InterruptedException {
        try {
            return client.get("api/2.0/mlflow/experiments/get-by-name", Map.of("experiment_name", name))
                    .path("experiment").path("experiment_id").asText();
        } catch (MlflowApiException e) {
            if (!"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                throw e;
            }
        }
        try {
            return client.post("api/2.0/mlflow/experiments/create", Map.of("name", name)).path("experiment_id").asText();
        } catch (MlflowApiException e) {
            if ("RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) { // created by a concurrent registration
                return client.get("api/2.0/mlflow/experiments/get-by-name", Map.of("experiment_name", name))
                        .path("experiment").path("experiment_id").asText();
            }
            throw e;
        }
    }

    private static void createRegisteredModel(MlflowClient client, String name) throws InterruptedException {
        try {
            client.post("api/2.0/mlflow/registered-models/create", Map.of("name", name));
        } catch (MlflowApiException e) {
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                throw e;
            }
        }
    }

    /** {@code mlflow-artifacts:/1/abc/artifacts} → {@code 1/abc/artifacts}; anything else means no artifact proxy. */
    private String artifactRoot(String artifactUri) {
        String prefix = "mlflow-artifacts:";
        if (!artifactUri.startsWith(prefix)) {
            throw new EngineException("The MLflow server at " + base + " stores run artifacts at " + artifactUri
                    + ", which this agent cannot write to without Python: start it with artifact proxying"
                    + " (mlflow server --serve-artifacts, the default since MLflow 2.0) and an experiment whose artifact location is mlflow-artifacts:/…");
        }
        String path = artifactUri.substring(prefix.length());
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
    }

    private static String encodePath(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            parts.add(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", parts);
    }

    private static List<Map<String, String>> tags(ModelPublication publication, boolean forRun) {
        List<Map<String, String>> tags = new ArrayList<>();
        publication.tags().forEach((k, v) -> tags.add(Map.of("key", k, "value", v)));
        tags.add(Map.of("key", KEY_TAG, "value", publication.idempotencyKey()));
        if (forRun) {
            tags.add(Map.of("key", "mlflow.source.name", "value", "gpu-training"));
        }
        return tags;
    }

    private RegisteredModel registered(String name, String version, String runId, String digest) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("run_id", runId);
        details.put("link", base + "#/models/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "/versions/" + version);
        return new RegisteredModel(describe(), name, version, "models:/" + name + "/" + version,
                digest == null ? null : "sha256:" + digest, details);
    }
}
