package io.jenkins.plugins.gputraining;

import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.PreflightReportJson;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.train.RunManifest;
import io.gputraining.engine.train.RunManifestJson;
import io.gputraining.engine.train.TrainingMetrics;
import io.gputraining.engine.train.TrainingResult;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Engine results read from real captures in the test resources: the preflight report of a 2×H200 host, and the
 * run manifest and metrics of a real CPU run of examples/train.py (12 epochs).
 */
final class CapturedResults {

    private CapturedResults() {
    }

    static PreflightReport report(String resource) throws Exception {
        try (InputStream in = CapturedResults.class.getResourceAsStream(resource)) {
            return new PreflightReportJson().read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The captured training, registered as {@code model}, with {@code extra} history and {@code preflight} (or null). */
    static TrainingResult training(RegisteredModel model, List<MetricPoint> extra, PreflightReport preflight) throws Exception {
        RunManifest manifest;
        try (InputStream in = CapturedResults.class.getResourceAsStream("cpu-12-epochs-run-manifest.json")) {
            manifest = new RunManifestJson().read(in.readAllBytes());
        }
        Path metrics = Path.of(CapturedResults.class.getResource("cpu-12-epochs-metrics.json").toURI());
        List<MetricPoint> history = new ArrayList<>(TrainingMetrics.read(metrics).history());
        history.addAll(extra);
        return new TrainingResult(model, manifest, preflight, history);
    }
}
