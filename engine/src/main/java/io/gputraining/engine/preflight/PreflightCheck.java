package io.gputraining.engine.preflight;

import java.util.Optional;

/**
 * The checks of the GPU preflight, in the order a report lists them: from the agent's driver, through the
 * container runtime and the image, to the work the GPUs do. Each has a stable id that reports, the JSON and
 * the documentation ({@code docs/preflight.md}) use; ids never change meaning.
 */
public enum PreflightCheck {
    /** The agent has an NVIDIA driver and {@code nvidia-smi} answers. */
    HOST_DRIVER("host-driver"),
    /** Where GPUs go as CDI devices: a spec names them, and was generated for the driver that runs. */
    CDI_SPEC("cdi-spec"),
    /** The container runtime can give GPUs to a container. */
    RUNTIME_GPUS("runtime-gpus"),
    /** The in-image probe ran and wrote its report. */
    PROBE("probe"),
    /** {@code import torch} works in the image. */
    TORCH_IMPORT("torch-import"),
    /** {@code torch.cuda.is_available()}: no silent fallback to the CPU. */
    CUDA_AVAILABLE("cuda-available"),
    /** The image's CUDA (torch.version.cuda) runs on the agent's driver. */
    DRIVER_COMPAT("driver-compat"),
    /** torch carries kernels for the GPUs' architecture. */
    ARCH_SUPPORTED("arch-supported"),
    /** Enough GPUs on the agent and visible to torch. */
    GPU_COUNT("gpu-count"),
    /** MIG mode is as the policy expects. */
    MIG("mig"),
    /** Enough free GPU memory. */
    FREE_MEMORY("free-memory"),
    /** GPUs not too hot, not held down by thermal slowdown. */
    TEMPERATURE("temperature"),
    /** No uncorrected ECC errors, no pending page retirement or row remap. */
    ECC("ecc"),
    /** No other processes on the GPUs. */
    IDLE("idle"),
    /** A verified fp32 matmul on each GPU (or on the CPU when CPU training is allowed). */
    MATMUL("matmul"),
    /** A verified NCCL all-reduce across the GPUs. */
    ALLREDUCE("allreduce");

    private final String id;

    PreflightCheck(String id) {
        this.id = id;
    }

    /** The stable id, e.g. {@code cuda-available}. */
    public String id() {
        return id;
    }

    /** The check with this id, or empty for an id this engine does not know (from a newer report). */
    public static Optional<PreflightCheck> fromId(String id) {
        for (PreflightCheck check : values()) {
            if (check.id.equals(id)) {
                return Optional.of(check);
            }
        }
        return Optional.empty();
    }
}
