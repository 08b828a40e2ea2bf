package io.gputraining.engine.registry;

import io.gputraining.engine.artifacts.ArtifactFile;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a registry needs to create one model version: the files (already hashed), the run's params,
 * metrics and tags, and the run manifest, which is stored with the version.
 *
 * @param modelName      the registered model's name
 * @param idempotencyKey same key → same version: a retried run must not create a second one
 * @param artifacts      the files of the version (at least one)
 * @param params         hyper-parameters, as strings
 * @param metrics        final metric values
 * @param metricHistory  metric values with steps (for charts), possibly empty
 * @param tags           lineage tags (image digest, git commit, build URL, ...)
 * @param runManifest    the run manifest JSON (UTF-8), stored as {@code run-manifest.json}
 * @param alias          an alias to point at the new version (MLflow aliases, OCI extra tag), or null
 */
public record ModelPublication(String modelName, String idempotencyKey, List<ArtifactFile> artifacts,
                               Map<String, String> params, Map<String, Double> metrics, List<MetricPoint> metricHistory,
                               Map<String, String> tags, byte[] runManifest, String alias) implements Serializable {

    public static final String MANIFEST_FILE = "run-manifest.json";

    public ModelPublication {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        artifacts = List.copyOf(artifacts);
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        metricHistory = List.copyOf(metricHistory);
        tags = Map.copyOf(tags);
        runManifest = runManifest.clone();
        if (artifacts.isEmpty()) {
            throw new IllegalArgumentException("a model version needs at least one artifact");
        }
    }

    @Override
    public byte[] runManifest() {
        return runManifest.clone();
    }

    /** One logged value of a metric at a step. */
    public record MetricPoint(String key, double value, long step, long timestampMillis) implements Serializable {
    }
}
