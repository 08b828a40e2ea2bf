package io.gputraining.engine.train;

import io.gputraining.engine.preflight.PreflightReport;
import java.io.Serializable;

/**
 * A training left running by {@link TrainingFlow#start}: what its starter keeps to follow and finish it
 * ({@link TrainingContainer}).
 *
 * @param runId       the run's id, also a label of its container
 * @param containerId the container's id
 * @param preflight   the preflight's report (without raw evidence), or null when it was skipped
 */
public record StartedTraining(String runId, String containerId, PreflightReport preflight) implements Serializable {
}
