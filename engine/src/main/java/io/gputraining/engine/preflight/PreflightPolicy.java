package io.gputraining.engine.preflight;

import java.io.Serializable;

/**
 * What a preflight demands of an agent and an image. Every setting has a default ({@link #defaults()}) that
 * suits GPU training; change one with its {@code with…} method.
 *
 * @param minGpus                          GPUs torch must see (and the agent must have); 0 asks for none
 * @param allowCpuFallback                 whether training on the CPU is acceptable when CUDA is unavailable
 *                                         (then {@code cuda-available} warns instead of failing)
 * @param minFreeMemoryMiB                 free memory each GPU must have, in MiB; 0 turns the check off
 * @param maxTemperatureC                  the hottest a GPU may be, in °C; 0 turns the limit off
 * @param requireIdle                      whether other processes on a GPU fail the preflight (else they warn)
 * @param allowMig                         whether GPUs in MIG mode are acceptable
 * @param matmulRequired                   whether a wrong or failing matmul fails the preflight (else it warns)
 * @param allReduceRequired                whether a wrong or failing NCCL all-reduce fails the preflight when
 *                                         more than one GPU is visible (else it warns)
 * @param warnOnMinorVersionCompatibility  whether an image whose CUDA runs only through minor-version
 *                                         compatibility warns (else it passes, with the caveat in its summary)
 * @throws InvalidPreflightPolicyException when a number is out of range
 */
public record PreflightPolicy(int minGpus, boolean allowCpuFallback, long minFreeMemoryMiB, int maxTemperatureC,
                              boolean requireIdle, boolean allowMig, boolean matmulRequired,
                              boolean allReduceRequired, boolean warnOnMinorVersionCompatibility)
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
     * matmul and all-reduce must be right, minor-version compatibility warns.
     */
    public static PreflightPolicy defaults() {
        return new PreflightPolicy(1, false, 0, 0, false, false, true, true, true);
    }

    public PreflightPolicy withMinGpus(int value) {
        return new PreflightPolicy(value, allowCpuFallback, minFreeMemoryMiB, maxTemperatureC, requireIdle, allowMig,
                matmulRequired, allReduceRequired, warnOnMinorVersionCompatibility);
    }

    public PreflightPolicy withAllowCpuFallback(boolean value) {
        return new PreflightPolicy(minGpus, value, minFreeMemoryMiB, maxTemperatureC, requireIdle, allowMig,
                matmulRequired, allReduceRequired, warnOnMinorVersionCompatibility);
    }

    public PreflightPolicy withMinFreeMemoryMiB(long value) {
        return new PreflightPolicy(minGpus, allowCpuFallback, value, maxTemperatureC, requireIdle, allowMig,
                matmulRequired, allReduceRequired, warnOnMinorVersionCompatibility);
    }

    public PreflightPolicy withMaxTemperatureC(int value) {
        return new PreflightPolicy(minGpus, allowCpuFallback, minFreeMemoryMiB, value, requireIdle, allowMig,
                matmulRequired, allReduceRequired, warnOnMinorVersionCompatibility);
    }

    public PreflightPolicy withRequireIdle(boolean value) {
        return new PreflightPolicy(minGpus, allowCpuFallback, minFreeMemoryMiB, maxTemperatureC, value, allowMig,
                matmulRequired, allReduceRequired, warnOnMinorVersionCompatibility);
    }

    public PreflightPolicy withAllowMig(boolean value) {
        return new PreflightPolicy(minGpus, allowCpuFallback, minFreeMemoryMiB, maxTemperatureC, requireIdle, value,
                matmulRequired, allReduceRequired, warnOnMinorVersionCompatibility);
    }

    public PreflightPolicy withMatmulRequired(boolean value) {
        return new PreflightPolicy(minGpus, allowCpuFallback, minFreeMemoryMiB, maxTemperatureC, requireIdle, allowMig,
                value, allReduceRequired, warnOnMinorVersionCompatibility);
    }

    public PreflightPolicy withAllReduceRequired(boolean value) {
        return new PreflightPolicy(minGpus, allowCpuFallback, minFreeMemoryMiB, maxTemperatureC, requireIdle, allowMig,
                matmulRequired, value, warnOnMinorVersionCompatibility);
    }

    public PreflightPolicy withWarnOnMinorVersionCompatibility(boolean value) {
        return new PreflightPolicy(minGpus, allowCpuFallback, minFreeMemoryMiB, maxTemperatureC, requireIdle, allowMig,
                matmulRequired, allReduceRequired, value);
    }
}
