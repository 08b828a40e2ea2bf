package io.gputraining.engine.preflight.host;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process holding a CUDA context on a GPU ({@code nvidia-smi --query-compute-apps}).
 *
 * @param pid           its process id in the host's PID namespace
 * @param processName   {@code process_name}; empty when {@code nvidia-smi} cannot see it (e.g. from a container)
 * @param gpuUuid       {@code gpu_uuid} of the GPU it runs on; match with {@link GpuInfo#uuid()}
 * @param usedMemoryMib {@code used_memory} in MiB; empty when {@code nvidia-smi} may not read it
 */
public record GpuProcess(long pid, Optional<String> processName, String gpuUuid, OptionalLong usedMemoryMib)
        implements Serializable {

    public GpuProcess {
        Objects.requireNonNull(processName, "processName");
        Objects.requireNonNull(gpuUuid, "gpuUuid");
        Objects.requireNonNull(usedMemoryMib, "usedMemoryMib");
    }

    private Object writeReplace() {
        return RecordSerialForm.of(this);
    }
}
