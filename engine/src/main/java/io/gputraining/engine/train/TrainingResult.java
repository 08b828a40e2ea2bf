package io.gputraining.engine.train;

import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.registry.RegisteredModel;
import java.io.Serializable;

/**
 * What {@code trainAndRegister} returns: the registered version and the run's record.
 *
 * @param model     the model version, complete in its registry
 * @param manifest  the run manifest stored with it
 * @param preflight the preflight report (without raw evidence), or null when skipped
 */
public record TrainingResult(RegisteredModel model, RunManifest manifest, PreflightReport preflight) implements Serializable {
}
