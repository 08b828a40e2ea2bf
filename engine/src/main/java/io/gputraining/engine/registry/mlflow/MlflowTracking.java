package io.gputraining.engine.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import io.gputraining.engine.registry.ModelRegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tracking half of the MLflow REST API: experiments, runs, and their params, metrics and tags.
 * Calls: {@code experiments/get-by-name}, {@code experiments/create}, {@code runs/create}, {@code runs/search}, {@code runs/log-batch},
 * {@code runs/update}, {@code runs/get}.
 */
final class MlflowTracking {

    /** The run tag holding the token that tells a run this registration created from any other. */
    static final String CREATION_TAG = "gpu_training.creation_token";
    private static final String API = "/api/2.0/mlflow";
    // runs/log-batch takes at most 100 params, 100 tags and 1000 metrics per request.
    private static final int PARAMS_PER_BATCH = 100;
    private static final int TAGS_PER_BATCH = 100;
    private static final int METRICS_PER_BATCH = 1000;

    private final MlflowHttp http;

    MlflowTracking(MlflowHttp http) {
        this.http = http;
    }

    /** A run that was created: its ids and where its artifacts go. */
    record Run(String runId, String experimentId, ArtifactLocation artifacts) {
    }

    /** The id of the active experiment {@code name}, created when missing. */
    String experimentId(String name) throws IOException, InterruptedException {
        try {
            JsonNode experiment = http.get(API + "/experiments/get-by-name", Map.of("experiment_name", name)).path("experiment");
            if (!"active".equals(experiment.path("lifecycle_stage").asText("active"))) {
                throw new ModelRegistryException("Experiment '" + name + "' is deleted on " + http.trackingUrl()
                        + ". Restore it in the MLflow UI, or configure another experiment name.", List.of(), null);
            }
            return experiment.path("experiment_id").asText();
        } catch (MlflowApiException e) {
            if (!"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                throw e;
            }
        }
        try {
            return http.post(API + "/experiments/create", Map.of("name", name)).path("experiment_id").asText();
        } catch (MlflowApiException e) {
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                throw e;
            }
            // Another registration created it meanwhile.
            return http.get(API + "/experiments/get-by-name", Map.of("experiment_name", name))
                    .path("experiment").path("experiment_id").asText();
        }
    }

    /**
     * Creates a RUNNING run in the experiment. {@code runs/create} is not idempotent: when the server made the
     * run but its answer was lost (a timeout, a reset), a plain retry would make a second run and leave the
     * first RUNNING for ever. So the run carries a token of its own ({@value #CREATION_TAG}), and a retry first
     * looks for a run with that token.
     */
    Run createRun(String experimentId, String experimentName, String runName, Map<String, String> tags)
            throws IOException, InterruptedException {
        String token = UUID.randomUUID().toString();
        Map<String, String> marked = new LinkedHashMap<>(tags);
        marked.put(CREATION_TAG, token);
        ObjectNode body = http.json().createObjectNode()
                .put("experiment_id", experimentId)
                .put("run_name", runName)
                .put("start_time", System.currentTimeMillis());
        body.set("tags", keyValues(new ArrayList<>(marked.entrySet())));
        MlflowHttp once = http.once();
        int[] attempt = {0};
        JsonNode info = http.retrying("POST " + API + "/runs/create", () -> {
            if (attempt[0]++ > 0) {
                JsonNode made = once.post(API + "/runs/search", Map.of("experiment_ids", List.of(experimentId),
                        "filter", "tags.`" + CREATION_TAG + "` = '" + token + "'")).path("runs").path(0).path("info");
                if (!made.isMissingNode()) {
                    return made;
                }
            }
            return once.post(API + "/runs/create", body).path("run").path("info");
        });
        return new Run(info.path("run_id").asText(), info.path("experiment_id").asText(experimentId),
                ArtifactLocation.of(info.path("artifact_uri").asText(), experimentName, http.trackingUrl()));
    }

    /**
     * Logs params, the metric history, the final metrics and tags, in as many batches as MLflow's limits need.
     * A final metric is logged at the last step its history has (0 without one), after that history, so
     * MLflow shows it as the metric's latest value.
     */
    void log(String runId, Map<String, String> params, Map<String, Double> metrics, List<MetricPoint> history,
             Map<String, String> tags) throws IOException, InterruptedException {
        List<Map.Entry<String, String>> paramList = new ArrayList<>(params.entrySet());
        for (int i = 0; i < paramList.size(); i += PARAMS_PER_BATCH) {
            batch(runId, "params", keyValues(paramList.subList(i, Math.min(paramList.size(), i + PARAMS_PER_BATCH))));
        }
        List<MetricPoint> points = new ArrayList<>(history);
        long now = System.currentTimeMillis();
        metrics.forEach((key, value) -> points.add(new MetricPoint(key, value, history.stream()
                .filter(p -> p.key().equals(key)).mapToLong(MetricPoint::step).max().orElse(0), now)));
        for (int i = 0; i < points.size(); i += METRICS_PER_BATCH) {
            ArrayNode array = http.json().createArrayNode();
            for (MetricPoint point : points.subList(i, Math.min(points.size(), i + METRICS_PER_BATCH))) {
                array.addObject().put("key", point.key()).put("value", point.value())
                        .put("timestamp", point.timestampMillis()).put("step", point.step());
            }
            batch(runId, "metrics", array);
        }
        List<Map.Entry<String, String>> tagList = new ArrayList<>(tags.entrySet());
        for (int i = 0; i < tagList.size(); i += TAGS_PER_BATCH) {
            batch(runId, "tags", keyValues(tagList.subList(i, Math.min(tagList.size(), i + TAGS_PER_BATCH))));
        }
    }

    /** The experiment a run belongs to. */
    String experimentOf(String runId) throws IOException, InterruptedException {
        return http.get(API + "/runs/get", Map.of("run_id", runId)).path("run").path("info").path("experiment_id").asText();
    }

    /** Ends the run: {@code FINISHED} or {@code FAILED}. */
    void finish(String runId, String status) throws IOException, InterruptedException {
        ObjectNode body = http.json().createObjectNode().put("run_id", runId).put("status", status)
                .put("end_time", System.currentTimeMillis());
        http.post(API + "/runs/update", body);
    }

    private void batch(String runId, String field, ArrayNode entries) throws IOException, InterruptedException {
        ObjectNode body = http.json().createObjectNode().put("run_id", runId);
        body.set(field, entries);
        http.post(API + "/runs/log-batch", body);
    }

    private ArrayNode keyValues(List<Map.Entry<String, String>> entries) {
        ArrayNode array = http.json().createArrayNode();
        entries.forEach(e -> array.addObject().put("key", e.getKey()).put("value", e.getValue()));
        return array;
    }
}
