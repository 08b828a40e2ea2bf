package io.gputraining.cli;

import io.gputraining.engine.train.RunManifestJson;
import io.gputraining.engine.train.TrainingResult;
import java.util.LinkedHashMap;

/**
 * The JSON document of a training ({@code train}, {@code reproduce}): {@code model} (the step's return value
 * plus the registry's {@code details}), {@code preflight} (PASS, WARN, or null when skipped) and the
 * {@code runManifest} stored with the version (docs/run-manifest.md).
 */
final class TrainingJson {

    private TrainingJson() {
    }

    static JsonDocument of(String command, TrainingResult result) {
        LinkedHashMap<String, Object> model = result.model().toMap();
        model.put("details", result.model().details());
        return new JsonDocument(command).put("model", model)
                .put("preflight", result.preflight() == null ? null : result.preflight().overall().name())
                .putJson("runManifest", new RunManifestJson().write(result.manifest()));
    }
}
