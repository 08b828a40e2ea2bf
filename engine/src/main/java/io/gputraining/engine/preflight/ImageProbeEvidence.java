package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.preflight.probe.ProbeReportFormatException;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * The third layer of a preflight's evidence: the in-image probe's report, or why there is none.
 *
 * @param outcome  how the probe's run ended
 * @param report   the probe's report; present exactly when {@code outcome} is {@link Outcome#REPORTED}
 * @param exitCode the container's exit status when known (always for {@link Outcome#CONTAINER_FAILED}); else null
 * @param message  for every outcome but REPORTED: what happened, with the probe's stderr where it helps; null
 *                 when REPORTED
 */
public record ImageProbeEvidence(Outcome outcome, ImageProbeReport report, Integer exitCode, String message)
        implements Serializable {

    /** How the probe's run ended. */
    public enum Outcome {
        /** The probe wrote its report. */
        REPORTED,
        /** The probe was not started, e.g. because the container could not be created with GPUs. */
        NOT_RUN,
        /** The container exited non-zero without a report. */
        CONTAINER_FAILED,
        /** The image has no Python interpreter to run the probe with. */
        PYTHON_MISSING,
        /** The probe's output is not its report ({@link ProbeReportFormatException}). */
        OUTPUT_UNREADABLE,
        /** The probe did not finish within the preflight's deadline and was stopped. */
        TIMED_OUT
    }

    public ImageProbeEvidence {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.REPORTED) != (report != null)) {
            throw new IllegalArgumentException("a probe report goes with outcome REPORTED and only with it (outcome "
                    + outcome + ")");
        }
        if (outcome != Outcome.REPORTED && (message == null || message.isBlank())) {
            throw new IllegalArgumentException("probe evidence of outcome " + outcome + " needs a message");
        }
        if (outcome == Outcome.CONTAINER_FAILED && exitCode == null) {
            throw new IllegalArgumentException("a failed probe container needs its exit status");
        }
    }

    public static ImageProbeEvidence reported(ImageProbeReport report) {
        return new ImageProbeEvidence(Outcome.REPORTED, Objects.requireNonNull(report, "report"), null, null);
    }

    /** @param reason why the probe was not started */
    public static ImageProbeEvidence notRun(String reason) {
        return new ImageProbeEvidence(Outcome.NOT_RUN, null, null, reason);
    }

    /** @param stderr the end of the container's output, which usually says why */
    public static ImageProbeEvidence containerFailed(int exitCode, String stderr) {
        return new ImageProbeEvidence(Outcome.CONTAINER_FAILED, null, exitCode,
                stderr == null || stderr.isBlank() ? "(no output)" : stderr);
    }

    /** @param message what the runtime said, e.g. {@code exec: "python3": executable file not found in $PATH} */
    public static ImageProbeEvidence pythonMissing(String message) {
        return new ImageProbeEvidence(Outcome.PYTHON_MISSING, null, null, message);
    }

    public static ImageProbeEvidence outputUnreadable(ProbeReportFormatException error) {
        return new ImageProbeEvidence(Outcome.OUTPUT_UNREADABLE, null, null, error.getMessage());
    }

    /** @param message what was stopped and after how long */
    public static ImageProbeEvidence timedOut(String message) {
        return new ImageProbeEvidence(Outcome.TIMED_OUT, null, null, message);
    }

    public Optional<ImageProbeReport> reportIfAny() {
        return Optional.ofNullable(report);
    }
}
