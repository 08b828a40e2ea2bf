package io.gputraining.engine.steps;

import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightPolicy;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.RuntimeKind;
import java.io.Serializable;
import java.time.Duration;

/**
 * The parameters of {@code gpuHealthCheck} as a Pipeline or a form gives them (the step and the freestyle builder
 * fill one from their fields), with their defaults (those of {@link PreflightPolicy#defaults()}), and the one mapping
 * from them to a {@link HealthCheckRequest}.
 *
 * @param image            the image to probe inside; required unless {@code runtime} is {@code local}
 * @param gpus             {@code all}, {@code none}, a count, or device ids separated by commas
 * @param minGpus          see {@link PreflightPolicy}
 * @param allowCpuFallback see {@link PreflightPolicy}
 * @param minFreeMemoryMiB see {@link PreflightPolicy}
 * @param maxTemperatureC  see {@link PreflightPolicy}
 * @param requireIdle      see {@link PreflightPolicy}
 * @param allowMig         see {@link PreflightPolicy}
 * @param skipAllReduce    leave out the multi-GPU NCCL all-reduce
 * @param requirePinned    refuse an image without digest (the site can force this for every build)
 * @param pull             when to pull the image ({@code missing}, {@code always}, {@code never}, {@code newer}); null for
 *                         the site's default
 * @param runtime          {@code docker}, {@code podman} or {@code local}; null for the site's default
 * @param unstableOnWarn   whether a WARN marks the build unstable
 * @param python           the interpreter in the image
 * @param gpuWaitMinutes   how long to wait for GPUs another run holds (the check leases the GPUs it loads)
 * @param idleGpusOnly     check only the GPUs no other run holds now, without waiting
 */
public record HealthCheckSettings(String image, String gpus, int minGpus, boolean allowCpuFallback, long minFreeMemoryMiB,
                                  int maxTemperatureC, boolean requireIdle, boolean allowMig, boolean skipAllReduce,
                                  boolean requirePinned, String pull, String runtime, boolean unstableOnWarn, String python,
                                  int gpuWaitMinutes, boolean idleGpusOnly)
        implements Serializable {

    /** Every parameter at its default. */
    public static final HealthCheckSettings DEFAULTS = builder().build();

    /** What a report means for the build. */
    public enum Outcome { PASS, UNSTABLE, FAIL }

    public HealthCheckSettings {
        image = StepText.orDefault(image, null);
        gpus = StepText.orDefault(gpus, GpuRequest.DEFAULT);
        pull = StepText.orDefault(pull, null);
        runtime = StepText.orDefault(runtime, null);
        python = StepText.orDefault(python, HealthCheckRequest.DEFAULT_PYTHON);
    }

    /** Parameters at their defaults; set what the step was given. */
    public static Builder builder() {
        return new Builder();
    }

    /** The policy these parameters ask for. */
    public PreflightPolicy policy() {
        return PreflightPolicy.builder().minGpus(minGpus).allowCpuFallback(allowCpuFallback).minFreeMemoryMiB(minFreeMemoryMiB)
                .maxTemperatureC(maxTemperatureC).requireIdle(requireIdle).allowMig(allowMig).skipAllReduce(skipAllReduce)
                .build();
    }

    /**
     * The request these parameters ask for; the report keeps no raw evidence (a Pipeline gets plain values).
     *
     * @param site  the administrator's settings: pinning, lock directory
     * @param owner who the probe's container belongs to (the build)
     * @throws InvalidStepSettingsException, or another engine exception naming the parameter, for what cannot be run
     */
    public HealthCheckRequest toRequest(SiteSettings site, String owner) {
        RuntimeKind kind = runtimeKind(site);
        if (kind.containers() && image == null) {
            throw new InvalidStepSettingsException("gpuHealthCheck needs an image on " + kind.displayName() + ": give the pinned PyTorch"
                    + " image the training uses (image: 'registry/pytorch@sha256:...'), or runtime: 'local' when the agent itself"
                    + " is the image.");
        }
        return HealthCheckRequest.builder()
                .image(kind.containers() ? site.imageRequest(image, requirePinned, pull) : null)
                .gpus(GpuRequest.parse(gpus)).policy(policy()).python(python).owner(owner).keepEvidence(false)
                .gpuLockDirectory(site.gpuLockDirectory()).gpuWait(Duration.ofMinutes(Math.max(0, gpuWaitMinutes)))
                .idleGpusOnly(idleGpusOnly)
                .build();
    }

    /**
     * The runtime the check runs on: the step's, else the site's default.
     *
     * @throws io.gputraining.engine.EngineException for a name that is no runtime
     */
    public RuntimeKind runtimeKind(SiteSettings site) {
        return site.runtime(runtime);
    }

    /** FAIL fails the build; WARN marks it unstable when {@link #unstableOnWarn} asks; anything else passes. */
    public Outcome outcome(PreflightReport report) {
        return switch (report.overall()) {
            case FAIL -> Outcome.FAIL;
            case WARN -> unstableOnWarn ? Outcome.UNSTABLE : Outcome.PASS;
            default -> Outcome.PASS;
        };
    }

    /** Builds {@link HealthCheckSettings}. The field initialisers are the defaults, and the only place they live. */
    public static final class Builder {
        private static final PreflightPolicy POLICY = PreflightPolicy.defaults();

        private String image;
        private String gpus = GpuRequest.DEFAULT;
        private int minGpus = POLICY.minGpus();
        private boolean allowCpuFallback = POLICY.allowCpuFallback();
        private long minFreeMemoryMiB = POLICY.minFreeMemoryMiB();
        private int maxTemperatureC = POLICY.maxTemperatureC();
        private boolean requireIdle = POLICY.requireIdle();
        private boolean allowMig = POLICY.allowMig();
        private boolean skipAllReduce = POLICY.skipAllReduce();
        private boolean requirePinned;
        private String pull;
        private String runtime;
        private boolean unstableOnWarn;
        private String python = HealthCheckRequest.DEFAULT_PYTHON;
        private int gpuWaitMinutes = (int) GpuAllocator.DEFAULT_WAIT.toMinutes();
        private boolean idleGpusOnly;

        private Builder() {
        }

        public Builder image(String value) { this.image = value; return this; }
        public Builder gpus(String value) { this.gpus = value; return this; }
        public Builder minGpus(int value) { this.minGpus = value; return this; }
        public Builder allowCpuFallback(boolean value) { this.allowCpuFallback = value; return this; }
        public Builder minFreeMemoryMiB(long value) { this.minFreeMemoryMiB = value; return this; }
        public Builder maxTemperatureC(int value) { this.maxTemperatureC = value; return this; }
        public Builder requireIdle(boolean value) { this.requireIdle = value; return this; }
        public Builder allowMig(boolean value) { this.allowMig = value; return this; }
        public Builder skipAllReduce(boolean value) { this.skipAllReduce = value; return this; }
        public Builder requirePinned(boolean value) { this.requirePinned = value; return this; }
        /** The pull policy's word; null (the default) for the site's. */
        public Builder pull(String value) { this.pull = value; return this; }
        /** The runtime's word; null (the default) for the site's. */
        public Builder runtime(String value) { this.runtime = value; return this; }
        public Builder unstableOnWarn(boolean value) { this.unstableOnWarn = value; return this; }
        public Builder python(String value) { this.python = value; return this; }
        public Builder gpuWaitMinutes(int value) { this.gpuWaitMinutes = value; return this; }
        public Builder idleGpusOnly(boolean value) { this.idleGpusOnly = value; return this; }

        public HealthCheckSettings build() {
            return new HealthCheckSettings(image, gpus, minGpus, allowCpuFallback, minFreeMemoryMiB, maxTemperatureC, requireIdle,
                    allowMig, skipAllReduce, requirePinned, pull, runtime, unstableOnWarn, python, gpuWaitMinutes, idleGpusOnly);
        }
    }
}
