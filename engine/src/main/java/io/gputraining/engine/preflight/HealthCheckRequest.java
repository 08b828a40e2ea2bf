package io.gputraining.engine.preflight;

import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.preflight.probe.ProbeOptions;
import io.gputraining.engine.runtime.GpuRequest;
import java.io.Serializable;
import java.util.Objects;

/**
 * What {@code gpuHealthCheck} is asked to check.
 *
 * @param image        the image to probe inside; null on the local runtime (the agent is the image)
 * @param gpus         the GPUs the probe's container gets, as the training would get them
 * @param policy       what counts as a failure
 * @param probeOptions the in-image probe's deadlines and sizes
 * @param python       the interpreter in the image
 * @param owner        who the probe's container belongs to (a build URL, {@code cli})
 * @param user         {@code uid:gid} to run the probe as, or null for the image's user
 * @param keepEvidence whether the report keeps the raw evidence (for the JSON file; not for Pipeline values)
 */
public record HealthCheckRequest(ImageRequest image, GpuRequest gpus, PreflightPolicy policy, ProbeOptions probeOptions,
                                 String python, String owner, String user, boolean keepEvidence) implements Serializable {

    public HealthCheckRequest {
        Objects.requireNonNull(gpus, "gpus");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(probeOptions, "probeOptions");
        Objects.requireNonNull(owner, "owner");
        if (python == null || python.isBlank()) {
            python = "python3";
        }
    }

    /** The defaults: the standard policy and probe options, {@code python3}, the image's user, evidence kept. */
    public static HealthCheckRequest of(ImageRequest image, GpuRequest gpus, String owner) {
        return new HealthCheckRequest(image, gpus, PreflightPolicy.defaults(), ProbeOptions.defaults(), "python3", owner, null, true);
    }

    public HealthCheckRequest withPolicy(PreflightPolicy value) {
        return new HealthCheckRequest(image, gpus, value, probeOptions, python, owner, user, keepEvidence);
    }

    public HealthCheckRequest withProbeOptions(ProbeOptions value) {
        return new HealthCheckRequest(image, gpus, policy, value, python, owner, user, keepEvidence);
    }

    public HealthCheckRequest withUser(String value) {
        return new HealthCheckRequest(image, gpus, policy, probeOptions, python, owner, value, keepEvidence);
    }

    public HealthCheckRequest withPython(String value) {
        return new HealthCheckRequest(image, gpus, policy, probeOptions, value, owner, user, keepEvidence);
    }

    public HealthCheckRequest withKeepEvidence(boolean value) {
        return new HealthCheckRequest(image, gpus, policy, probeOptions, python, owner, user, value);
    }
}
