package io.gputraining.engine.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** The lineage a registry stores as tags on the version, under stable names. */
final class LineageTags {

    private LineageTags() {
    }

    static Map<String, String> of(RunManifest m) {
        Map<String, String> tags = new LinkedHashMap<>();
        put(tags, "gpu_training.run_id", m.runId());
        put(tags, "gpu_training.image", m.image().pinned());
        put(tags, "gpu_training.image_digest", m.image().digest());
        put(tags, "gpu_training.image_id", m.image().imageId());
        put(tags, "gpu_training.git_commit", m.lineage().gitCommit());
        put(tags, "gpu_training.git_url", m.lineage().gitUrl());
        put(tags, "gpu_training.build_id", m.lineage().buildId());
        put(tags, "gpu_training.build_url", m.lineage().buildUrl());
        put(tags, "gpu_training.gpus", m.host().gpus().isEmpty() ? null
                : m.host().gpus().size() + "x " + m.host().gpus().get(0).name());
        put(tags, "gpu_training.driver", m.host().driverVersion());
        put(tags, "gpu_training.preflight", m.preflight() == null ? null : m.preflight().overall());
        return tags;
    }

    private static void put(Map<String, String> tags, String key, String value) {
        if (value != null && !value.isBlank()) {
            tags.put(key, value);
        }
    }
}
