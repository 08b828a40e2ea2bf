package io.gputraining.engine.preflight.host;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One GPU as {@code nvidia-smi} reports it on the host. Every value {@code nvidia-smi} can leave out
 * ({@code [N/A]}, {@code [Not Supported]}, {@code [Requested functionality has been deprecated]}, a column the
 * driver does not know) is an empty Optional, never a made-up value.
 *
 * @param index                      the GPU's index on this host ({@code index}), as {@code CUDA_VISIBLE_DEVICES}
 *                                   and {@code docker --gpus device=} understand it
 * @param uuid                       {@code uuid}, e.g. {@code GPU-b5985e46-…}: stable across reboots, unlike the index
 * @param name                       product name ({@code name}), e.g. {@code NVIDIA H100 80GB HBM3}
 * @param pciBusId                   {@code pci.bus_id}, e.g. {@code 00000000:00:06.0}
 * @param driverVersion              {@code driver_version}
 * @param vbiosVersion               {@code vbios_version}
 * @param memoryTotalMib             {@code memory.total} in MiB
 * @param memoryUsedMib              {@code memory.used} in MiB (includes other processes' allocations)
 * @param memoryFreeMib              {@code memory.free} in MiB
 * @param temperatureC               {@code temperature.gpu} in °C
 * @param powerDrawW                 {@code power.draw} in W
 * @param powerLimitW                {@code power.limit} in W
 * @param utilizationGpuPercent      {@code utilization.gpu}: share of the last sample period a kernel ran
 * @param utilizationMemoryPercent   {@code utilization.memory}: share of time device memory was read or written
 * @param eccEnabled                 {@code ecc.mode.current}
 * @param eccUncorrectedVolatile     {@code ecc.errors.uncorrected.volatile.total}: since the last driver load;
 *                                   any non-zero count means results on this GPU can be wrong
 * @param eccCorrectedVolatile       {@code ecc.errors.corrected.volatile.total}
 * @param retiredPagesPending        {@code retired_pages.pending}: a page retirement waits for a reboot
 *                                   (pre-Ampere GPUs; empty on GPUs that remap rows instead)
 * @param remappedRowsPending        {@code remapped_row_pending} from {@code nvidia-smi -q -x}: a row remap waits
 *                                   for a GPU reset (Ampere and later)
 * @param remappedRowsFailure        {@code remapped_row_failure} from {@code nvidia-smi -q -x}: a row could not
 *                                   be remapped; the GPU needs service
 * @param migEnabled                 {@code mig.mode.current}; empty on GPUs without MIG
 * @param computeCapability          {@code compute_cap}
 * @param pcieLinkGen                {@code pcie.link.gen.current}
 * @param pcieLinkWidth              {@code pcie.link.width.current} (lanes)
 * @param clocksEventReasons         {@code clocks_event_reasons.active} as a bit mask; see
 *                                   {@link #activeClockEventReasons()}
 * @param persistenceMode            {@code persistence_mode}
 * @param computeMode                {@code compute_mode}
 * @param displayMode                {@code display_mode}; empty on driver 580, which reports it deprecated
 */
public record GpuInfo(
        int index,
        String uuid,
        String name,
        Optional<String> pciBusId,
        Optional<DriverVersion> driverVersion,
        Optional<String> vbiosVersion,
        OptionalLong memoryTotalMib,
        OptionalLong memoryUsedMib,
        OptionalLong memoryFreeMib,
        OptionalInt temperatureC,
        OptionalDouble powerDrawW,
        OptionalDouble powerLimitW,
        OptionalInt utilizationGpuPercent,
        OptionalInt utilizationMemoryPercent,
        Optional<Boolean> eccEnabled,
        OptionalLong eccUncorrectedVolatile,
        OptionalLong eccCorrectedVolatile,
        Optional<Boolean> retiredPagesPending,
        Optional<Boolean> remappedRowsPending,
        Optional<Boolean> remappedRowsFailure,
        Optional<Boolean> migEnabled,
        Optional<ComputeCapability> computeCapability,
        OptionalInt pcieLinkGen,
        OptionalInt pcieLinkWidth,
        OptionalLong clocksEventReasons,
        Optional<Boolean> persistenceMode,
        Optional<ComputeMode> computeMode,
        Optional<Boolean> displayMode) implements Serializable {

    public GpuInfo {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        // Absent values are empty Optionals, never null: callers must be able to chain on every field.
        Stream.of(pciBusId, driverVersion, vbiosVersion, memoryTotalMib, memoryUsedMib, memoryFreeMib, temperatureC,
                powerDrawW, powerLimitW, utilizationGpuPercent, utilizationMemoryPercent, eccEnabled,
                eccUncorrectedVolatile, eccCorrectedVolatile, retiredPagesPending, remappedRowsPending,
                remappedRowsFailure, migEnabled, computeCapability, pcieLinkGen, pcieLinkWidth, clocksEventReasons,
                persistenceMode, computeMode, displayMode).forEach(Objects::requireNonNull);
        if (index < 0) {
            throw new IllegalArgumentException("GPU index must not be negative: " + index);
        }
    }

    /** The reasons set in {@link #clocksEventReasons()}; empty when none are active or none were reported. */
    public Set<ClockEventReason> activeClockEventReasons() {
        return ClockEventReason.decode(clocksEventReasons.orElse(0L));
    }

    /** A copy with the row-remapping facts that only {@code nvidia-smi -q -x} reports. */
    GpuInfo withRemappedRows(Optional<Boolean> pending, Optional<Boolean> failure) {
        return new GpuInfo(index, uuid, name, pciBusId, driverVersion, vbiosVersion, memoryTotalMib, memoryUsedMib,
                memoryFreeMib, temperatureC, powerDrawW, powerLimitW, utilizationGpuPercent, utilizationMemoryPercent,
                eccEnabled, eccUncorrectedVolatile, eccCorrectedVolatile, retiredPagesPending, pending, failure,
                migEnabled, computeCapability, pcieLinkGen, pcieLinkWidth, clocksEventReasons, persistenceMode,
                computeMode, displayMode);
    }

    private Object writeReplace() {
        return RecordSerialForm.of(this);
    }
}
