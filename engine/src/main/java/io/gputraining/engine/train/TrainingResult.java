package io.gputraining.engine.train;

import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import io.gputraining.engine.registry.RegisteredModel;
import java.io.Serializable;
import java.util.List;

/**
 * What {@code trainAndRegister} returns: the registered version and the run's record.
 *
 * @param model     the model version, complete in its registry
 * @param manifest  the run manifest stored with it
 * @param preflight the preflight report (without raw evidence), or null when skipped
 * @param history   the metric history the training reported in metrics.json, as registered (for charts)
 */
public record TrainingResult(RegisteredModel model, RunManifest manifest, PreflightReport preflight, List<MetricPoint> history)
        implements Serializable {

    public TrainingResult {
        history = history == null ? List.of() : List.copyOf(history);
    }
}
