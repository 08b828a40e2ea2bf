package io.gputraining.engine.preflight.host;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code nvidia-smi} says about a host: its driver, the CUDA version that driver supports, its GPUs
 * (ordered by index) and the processes using them.
 *
 * @param driverVersion     the NVIDIA driver, e.g. {@code 580.159.04}
 * @param cudaDriverVersion the highest CUDA version the driver supports ({@code CUDA Version: 13.0} in
 *                          {@code nvidia-smi}'s header); empty when not reported
 * @param gpus              every GPU {@code nvidia-smi} listed readably, by index (a host without any GPU makes
 *                          {@code nvidia-smi} fail instead: "No devices were found")
 * @param processes         compute processes on any of them; empty when the GPUs are idle
 * @param unparsedLines     lines of {@code nvidia-smi} output that were not a GPU or a process, e.g.
 *                          {@code Unable to determine the device handle for GPU…: GPU is lost}; kept so
 *                          a report can show them, since such a line usually stands for a GPU that is missing
 */
public record HostGpuInventory(DriverVersion driverVersion, Optional<CudaVersion> cudaDriverVersion,
                               List<GpuInfo> gpus, List<GpuProcess> processes, List<String> unparsedLines)
        implements Serializable {

    public HostGpuInventory {
        Objects.requireNonNull(driverVersion, "driverVersion");
        Objects.requireNonNull(cudaDriverVersion, "cudaDriverVersion");
        gpus = List.copyOf(gpus.stream().sorted(Comparator.comparingInt(GpuInfo::index)).toList());
        processes = List.copyOf(processes);
        unparsedLines = List.copyOf(unparsedLines);
    }

    /** The GPU with this UUID ({@code GPU-…}) or index ({@code 0}), as users name GPUs. */
    public Optional<GpuInfo> gpu(String uuidOrIndex) {
        String id = uuidOrIndex.strip();
        return gpus.stream()
                .filter(g -> g.uuid().equalsIgnoreCase(id) || Integer.toString(g.index()).equals(id))
                .findFirst();
    }

    /** The processes running on the GPU with this UUID. */
    public List<GpuProcess> processesOn(String gpuUuid) {
        return processes.stream().filter(p -> p.gpuUuid().equalsIgnoreCase(gpuUuid)).toList();
    }

    private Object writeReplace() {
        return RecordSerialForm.of(this);
    }
}
