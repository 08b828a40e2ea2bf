package io.gputraining.engine.preflight.probe;

import java.util.Optional;

/**
 * What every check of the probe reports, whatever else it adds: its status, the error text (the
 * exception's type and message as Python saw it, or why it was skipped), how long it ran and its deadline.
 */
public interface CheckResult {

    /** How the check ended; never null ({@link CheckStatus#UNKNOWN} when the probe wrote none). */
    CheckStatus status();

    /** The error or skip reason, e.g. {@code "RuntimeError: CUDA error: no kernel image is available..."}; null when OK. */
    String error();

    /** Milliseconds the check ran, as the probe measured them; null when it did not run. */
    Double elapsedMs();

    /** The check's deadline in seconds; null when it did not run. */
    Double timeoutSeconds();

    default boolean passed() {
        return status() == CheckStatus.OK;
    }

    default Optional<String> errorText() {
        return Optional.ofNullable(error());
    }

    /** A missing status field reads as {@link CheckStatus#UNKNOWN}, so callers never see null. */
    static CheckStatus orUnknown(CheckStatus status) {
        return status == null ? CheckStatus.UNKNOWN : status;
    }
}
