package io.gputraining.engine.preflight;

import java.io.Serializable;

/**
 * How long each layer of a preflight took, in milliseconds; 0 for a layer that did not run.
 *
 * @param hostMillis       reading the host with {@code nvidia-smi}
 * @param runtimeMillis    asking the container runtime about GPUs and starting the probe's container
 * @param imageProbeMillis the in-image probe, from its start to its report
 * @param totalMillis      the whole preflight, wall clock (layers may overlap, so not always their sum)
 */
public record PreflightTimings(long hostMillis, long runtimeMillis, long imageProbeMillis, long totalMillis)
        implements Serializable {

    public PreflightTimings {
        if (hostMillis < 0 || runtimeMillis < 0 || imageProbeMillis < 0 || totalMillis < 0) {
            throw new IllegalArgumentException("timings cannot be negative: host " + hostMillis + ", runtime "
                    + runtimeMillis + ", image probe " + imageProbeMillis + ", total " + totalMillis);
        }
    }
}
