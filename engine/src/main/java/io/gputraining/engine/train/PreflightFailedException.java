package io.gputraining.engine.train;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import java.util.stream.Collectors;

/** The preflight said FAIL: nothing was trained, nothing registered. Carries the report. */
public class PreflightFailedException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final PreflightReport report;

    public PreflightFailedException(PreflightReport report) {
        super("GPU preflight FAIL, so nothing was trained: " + report.failed().stream()
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
