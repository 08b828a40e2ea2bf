package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How one check of the in-image probe ended, as the probe writes it ({@code "ok"}, {@code "timeout"}, ...). */
public enum CheckStatus {
    /** The check ran and its result is right. */
    OK,
    /** The check ran and failed, or what it needs is not there (e.g. CUDA not available); see the error. */
    FAILED,
    /** The check did not finish within its deadline and its worker process was killed. */
    TIMEOUT,
    /** The check was not run; the error text says why (an earlier check failed, an option, too few GPUs). */
    SKIPPED,
    /** Only for torch itself: {@code import torch} found no torch module. */
    MISSING,
    /** A status this engine does not know, from a newer probe. */
    UNKNOWN;

    /** The status the probe wrote; {@link #UNKNOWN} for one this engine does not know. */
    @JsonCreator
    public static CheckStatus fromJson(String text) {
        for (CheckStatus status : values()) {
            if (status.json().equals(text)) {
                return status;
            }
        }
        return UNKNOWN;
    }

    /** The status as the probe writes it, e.g. {@code "timeout"}. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
