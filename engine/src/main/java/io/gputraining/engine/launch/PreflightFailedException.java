package io.gputraining.engine.launch;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import java.util.stream.Collectors;

/**
 * The preflight of the leased GPUs said FAIL, so nothing was started on them: no training, no block, no command.
 * Carries the report.
 */
public class PreflightFailedException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final PreflightReport report;

    public PreflightFailedException(PreflightReport report) {
        super("GPU preflight FAIL, so nothing was started: " + report.failed().stream()
                .map(v -> v.check() + " (" + v.causeIfAny().orElse(v.summary()) + "; fix: " + v.fixIfAny().orElse("-") + ")")
                .collect(Collectors.joining("; ")));
        this.report = report.withoutEvidence();
    }

    public PreflightReport report() {
        return report;
    }

    /** The failed checks' ids. */
    public java.util.List<String> failedChecks() {
        return report.failed().stream().map(Verdict::check).toList();
    }
}
