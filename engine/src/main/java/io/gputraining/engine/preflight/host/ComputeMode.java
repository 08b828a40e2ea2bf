package io.gputraining.engine.preflight.host;

import java.util.Optional;

/** A GPU's compute mode ({@code nvidia-smi --query-gpu=compute_mode}). */
public enum ComputeMode {
    /** Any number of processes may use the GPU. */
    DEFAULT("Default"),
    /** One context, used by one thread at a time (deprecated by NVIDIA, still reported by old drivers). */
    EXCLUSIVE_THREAD("Exclusive_Thread"),
    /** One process at a time may hold a context: a second training process on it will fail to start. */
    EXCLUSIVE_PROCESS("Exclusive_Process"),
    /** No process may create a context: CUDA cannot use this GPU at all. */
    PROHIBITED("Prohibited");

    private final String printed;

    ComputeMode(String printed) {
        this.printed = printed;
    }

    /** The mode for the word {@code nvidia-smi} prints, or empty for anything else. */
    public static Optional<ComputeMode> fromPrinted(String value) {
        for (ComputeMode mode : values()) {
            if (mode.printed.equalsIgnoreCase(value.strip())) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /** The word {@code nvidia-smi} prints for this mode. */
    public String printed() {
        return printed;
    }
}
