package io.gputraining.engine.registry.mlflow;

import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Logs a publication's params and metrics to a run with log-batch, in chunks within MLflow's per-call limits. */
final class MlflowRunLog {

    // MLflow's log-batch limits: 100 params, 1000 metrics, 1000 entries in all per call.
    private static final int PARAMS_PER_CALL = 100;
    private static final int METRICS_PER_CALL = 900;
    private static final int PARAM_VALUE_LIMIT = 6000;

    private final MlflowClient client;

    MlflowRunLog(MlflowClient client) {
        this.client = client;
    }

    void log(String runId, ModelPublication publication) throws InterruptedException {
        List<Map<String, Object>> params = new ArrayList<>();
        publication.params().forEach((k, v) -> params.add(Map.of("key", k,
                "value", v.length() > PARAM_VALUE_LIMIT ? v.substring(0, PARAM_VALUE_LIMIT) : v)));
        long now = System.currentTimeMillis();
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (MetricPoint p : publication.metricHistory()) {
            if (Double.isFinite(p.value())) {
                metrics.add(Map.of("key", p.key(), "value", p.value(), "timestamp", p.timestampMillis(), "step", p.step()));
            }
        }
        publication.metrics().forEach((k, v) -> {
            if (Double.isFinite(v)) {
                metrics.add(Map.of("key", k, "value", v, "timestamp", now, "step", 0));
            }
        });
        for (int i = 0; i < params.size(); i += PARAMS_PER_CALL) {
            client.post("api/2.0/mlflow/runs/log-batch", Map.of("run_id", runId,
                    "params", params.subList(i, Math.min(params.size(), i + PARAMS_PER_CALL))));
        }
        for (int i = 0; i < metrics.size(); i += METRICS_PER_CALL) {
            client.post("api/2.0/mlflow/runs/log-batch", Map.of("run_id", runId,
                    "metrics", metrics.subList(i, Math.min(metrics.size(), i + METRICS_PER_CALL))));
        }
    }
}
