package io.gputraining.engine.preflight;

import java.io.Serializable;

/**
 * What a preflight demands of an agent and an image. Every setting has a default ({@link #defaults()}) that
 * suits GPU training; build one with {@link #builder()}, change one setting with {@link #toBuilder()}.
 *
 * @param minGpus                          GPUs torch must see (and the agent must have); 0 asks for none
 * @param allowCpuFallback                 whether training on the CPU is acceptable when CUDA is unavailable
 *                                         (then {@code cuda-available} warns instead of failing)
 * @param minFreeMemoryMiB                 free memory each GPU must have, in MiB; 0 turns the check off
 * @param maxTemperatureC                  the hottest a GPU may be, in °C; 0 turns the limit off
 * @param requireIdle                      whether other processes on a GPU fail the preflight (else they warn)
 * @param allowMig                         whether GPUs in MIG mode are acceptable
 * @param matmulRequired                   whether a wrong or failing matmul fails the preflight (else it warns)
 * @param skipAllReduce                    leave out the multi-GPU NCCL all-reduce (its verdict is then SKIP);
 *                                         else, with more than one GPU visible, a wrong or failing one fails
 * @param warnOnMinorVersionCompatibility  whether an image whose CUDA runs only through minor-version
 *                                         compatibility warns (else it passes, with the caveat in its summary)
 * @throws InvalidPreflightPolicyException when a number is out of range
 */
public record PreflightPolicy(int minGpus, boolean allowCpuFallback, long minFreeMemoryMiB, int maxTemperatureC,
                              boolean requireIdle, boolean allowMig, boolean matmulRequired,
                              boolean skipAllReduce, boolean warnOnMinorVersionCompatibility)
        implements Serializable {

    /** Above this no GPU runs: a larger limit is a mistake (°F, or a typo), not a policy. */
    public static final int HIGHEST_TEMPERATURE_LIMIT_C = 120;

    public PreflightPolicy {
        if (minGpus < 0) {
            throw new InvalidPreflightPolicyException("minGpus must be 0 or more (0 asks for no GPU), was " + minGpus + ".");
        }
        if (minFreeMemoryMiB < 0) {
            throw new InvalidPreflightPolicyException("minFreeMemoryMiB must be 0 (no check) or a number of MiB, was "
                    + minFreeMemoryMiB + ".");
        }
        if (maxTemperatureC < 0 || maxTemperatureC > HIGHEST_TEMPERATURE_LIMIT_C) {
            throw new InvalidPreflightPolicyException("maxTemperatureC must be 0 (no limit) or a temperature in °C up to "
                    + HIGHEST_TEMPERATURE_LIMIT_C + " (GPUs slow themselves down near 85-90 °C), was " + maxTemperatureC + ".");
        }
    }

    /**
     * At least one GPU, no CPU fallback, no memory or temperature limit, other processes only warn, no MIG,
     * matmul and all-reduce run and must be right, minor-version compatibility warns.
     */
    public static PreflightPolicy defaults() {
        return builder().build();
    }

    /** A policy with every default ({@link #defaults()}); set what differs. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every setting of this policy, for "the same policy with X changed". */
    public Builder toBuilder() {
        return new Builder().minGpus(minGpus).allowCpuFallback(allowCpuFallback).minFreeMemoryMiB(minFreeMemoryMiB)
                .maxTemperatureC(maxTemperatureC).requireIdle(requireIdle).allowMig(allowMig).matmulRequired(matmulRequired)
                .skipAllReduce(skipAllReduce).warnOnMinorVersionCompatibility(warnOnMinorVersionCompatibility);
    }

    /** Builds a {@link PreflightPolicy}. The field initialisers are the defaults, and the only place they live. */
    public static final class Builder {
        private int minGpus = 1;
        private boolean allowCpuFallback;
        private long minFreeMemoryMiB;
        private int maxTemperatureC;
        private boolean requireIdle;
        private boolean allowMig;
        private boolean matmulRequired = true;
        private boolean skipAllReduce;
        private boolean warnOnMinorVersionCompatibility = true;

        private Builder() {
        }

        public Builder minGpus(int value) { this.minGpus = value; return this; }
        public Builder allowCpuFallback(boolean value) { this.allowCpuFallback = value; return this; }
        public Builder minFreeMemoryMiB(long value) { this.minFreeMemoryMiB = value; return this; }
        public Builder maxTemperatureC(int value) { this.maxTemperatureC = value; return this; }
        public Builder requireIdle(boolean value) { this.requireIdle = value; return this; }
        public Builder allowMig(boolean value) { this.allowMig = value; return this; }
        public Builder matmulRequired(boolean value) { this.matmulRequired = value; return this; }
        public Builder skipAllReduce(boolean value) { this.skipAllReduce = value; return this; }
        public Builder warnOnMinorVersionCompatibility(boolean value) { this.warnOnMinorVersionCompatibility = value; return this; }

        /** @throws InvalidPreflightPolicyException when a number is out of range */
        public PreflightPolicy build() {
            return new PreflightPolicy(minGpus, allowCpuFallback, minFreeMemoryMiB, maxTemperatureC, requireIdle, allowMig,
                    matmulRequired, skipAllReduce, warnOnMinorVersionCompatibility);
        }
    }
}
