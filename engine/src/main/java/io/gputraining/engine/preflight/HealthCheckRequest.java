package io.gputraining.engine.preflight;

import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.preflight.probe.ProbeOptions;
import io.gputraining.engine.runtime.GpuRequest;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * What one preflight checks: these GPUs, in this image, under this policy. Build one with {@link #builder()}, which
 * holds every default; {@link #toBuilder()} gives "the same request with X changed".
 *
 * @param image        the image to probe inside; null on the local runtime (the agent is the image)
 * @param gpus         the GPUs the probe's container gets, as the training would get them
 * @param policy       what counts as a failure
 * @param probeOptions the in-image probe's deadlines and sizes
 * @param python       the interpreter in the image
 * @param owner        who the probe's container belongs to (a build URL, {@code cli})
 * @param user         {@code uid:gid} to run the probe as, or null for the image's user
 * @param keepEvidence     whether the report keeps the raw evidence (for the JSON file; not for Pipeline values)
 * @param gpuLockDirectory where GPU leases are kept, when the check leases the GPUs it loads (a check of its own,
 *                         not the preflight of GPUs a launch already leased)
 * @param gpuWait          how long such a check waits for GPUs other runs hold
 * @param idleGpusOnly     whether such a check leases only the GPUs no other run holds now, without waiting
 */
public record HealthCheckRequest(ImageRequest image, GpuRequest gpus, PreflightPolicy policy, ProbeOptions probeOptions,
                                 String python, String owner, String user, boolean keepEvidence, String gpuLockDirectory,
                                 Duration gpuWait, boolean idleGpusOnly) implements Serializable {

    /** The interpreter the probe runs with unless told otherwise. */
    public static final String DEFAULT_PYTHON = "python3";

    /** Use {@link #builder()}; this constructor only checks and normalises what the builder gives it. */
    public HealthCheckRequest {
        Objects.requireNonNull(gpus, "gpus");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(probeOptions, "probeOptions");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(gpuLockDirectory, "gpuLockDirectory");
        Objects.requireNonNull(gpuWait, "gpuWait");
        if (python == null || python.isBlank()) {
            python = DEFAULT_PYTHON;
        }
    }

    /** A request with every default; the caller sets at least the owner, and the image on Docker. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every component of this request. */
    public Builder toBuilder() {
        return new Builder().image(image).gpus(gpus).policy(policy).probeOptions(probeOptions).python(python).owner(owner)
                .user(user).keepEvidence(keepEvidence).gpuLockDirectory(gpuLockDirectory).gpuWait(gpuWait).idleGpusOnly(idleGpusOnly);
    }

    /** Builds a {@link HealthCheckRequest}. The field initialisers are the defaults, and the only place they live. */
    public static final class Builder {
        private ImageRequest image;
        private GpuRequest gpus = GpuRequest.defaultRequest();
        private PreflightPolicy policy = PreflightPolicy.defaults();
        private ProbeOptions probeOptions = ProbeOptions.defaults();
        private String python = DEFAULT_PYTHON;
        private String owner;
        private String user;
        private boolean keepEvidence = true;
        private String gpuLockDirectory = GpuAllocator.DEFAULT_LOCK_DIRECTORY;
        private Duration gpuWait = GpuAllocator.DEFAULT_WAIT;
        private boolean idleGpusOnly;

        private Builder() {
        }

        /** The image to probe inside; null (the default) on the local runtime. */
        public Builder image(ImageRequest value) { this.image = value; return this; }
        public Builder gpus(GpuRequest value) { this.gpus = value; return this; }
        public Builder policy(PreflightPolicy value) { this.policy = value; return this; }
        public Builder probeOptions(ProbeOptions value) { this.probeOptions = value; return this; }
        public Builder python(String value) { this.python = value; return this; }
        public Builder owner(String value) { this.owner = value; return this; }
        /** {@code uid:gid} in the probe's container; null (the default) for the image's user. */
        public Builder user(String value) { this.user = value; return this; }
        /** Whether the report keeps the raw evidence; kept by default. */
        public Builder keepEvidence(boolean value) { this.keepEvidence = value; return this; }
        public Builder gpuLockDirectory(String value) { this.gpuLockDirectory = value; return this; }
        public Builder gpuWait(Duration value) { this.gpuWait = value; return this; }
        /** Lease only the GPUs no other run holds now, without waiting; off by default (wait like training). */
        public Builder idleGpusOnly(boolean value) { this.idleGpusOnly = value; return this; }

        public HealthCheckRequest build() {
            return new HealthCheckRequest(image, gpus, policy, probeOptions, python, owner, user, keepEvidence, gpuLockDirectory,
                    gpuWait, idleGpusOnly);
        }
    }
}
