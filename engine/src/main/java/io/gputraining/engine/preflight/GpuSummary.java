package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.probe.DeviceProbe;
import java.io.Serializable;
import java.util.Objects;

/**
 * One GPU of a preflight report, in plain types for Pipeline scripts and the build page.
 *
 * @param index          the GPU's index on the host ({@code nvidia-smi}), or torch's index when the host was not read
 * @param name           e.g. {@code NVIDIA H100 80GB HBM3}
 * @param uuid           {@code GPU-…}; null when unknown
 * @param memoryTotalMiB total memory in MiB; null when unknown
 * @param memoryFreeMiB  free memory in MiB when probed; null when unknown
 * @param capability     compute capability, e.g. {@code 9.0}; null when unknown
 */
public record GpuSummary(int index, String name, String uuid, Long memoryTotalMiB, Long memoryFreeMiB,
                         String capability) implements Serializable {

    private static final long MIB = 1024L * 1024L;

    public GpuSummary {
        Objects.requireNonNull(name, "name");
    }

    static GpuSummary of(GpuInfo gpu) {
        return new GpuSummary(gpu.index(), gpu.name(), gpu.uuid(),
                gpu.memoryTotalMib().isPresent() ? gpu.memoryTotalMib().getAsLong() : null,
                gpu.memoryFreeMib().isPresent() ? gpu.memoryFreeMib().getAsLong() : null,
                gpu.computeCapability().map(Object::toString).orElse(null));
    }

    /** torch reports UUIDs without nvidia-smi's {@code GPU-} prefix and memory in bytes. */
    static GpuSummary of(DeviceProbe device) {
        String uuid = device.uuid() == null ? null : device.uuid().startsWith("GPU-") ? device.uuid() : "GPU-" + device.uuid();
        return new GpuSummary(device.index(), device.name() == null ? "unknown" : device.name(), uuid,
                device.totalMemoryBytes() == null ? null : device.totalMemoryBytes() / MIB,
                device.freeMemoryBytes() == null ? null : device.freeMemoryBytes() / MIB,
                device.capability());
    }
}
