package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.preflight.host.NoNvidiaDriverException;
import io.gputraining.engine.preflight.host.NvidiaSmiFailedException;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * The first layer of a preflight's evidence: what the agent's {@code nvidia-smi} said, or why there is nothing.
 *
 * @param status    what happened when the host was probed
 * @param inventory the driver, GPUs and processes; present exactly when {@code status} is {@link Status#READ}
 * @param message   for every other status: the error, or why the host was not probed; null when READ
 */
public record HostGpuEvidence(Status status, HostGpuInventory inventory, String message) implements Serializable {

    /** What happened when the host was probed. */
    public enum Status {
        /** {@code nvidia-smi} answered: see the inventory. */
        READ,
        /** There is no {@code nvidia-smi}: no NVIDIA driver on the agent ({@link NoNvidiaDriverException}). */
        NO_DRIVER,
        /** {@code nvidia-smi} exists but failed or hung ({@link NvidiaSmiFailedException}). */
        NVIDIA_SMI_FAILED,
        /** The host was not probed on purpose: no GPUs were asked for, or the runtime cannot run nvidia-smi. */
        NOT_PROBED
    }

    public HostGpuEvidence {
        Objects.requireNonNull(status, "status");
        if ((status == Status.READ) != (inventory != null)) {
            throw new IllegalArgumentException("a host inventory goes with status READ and only with it (status "
                    + status + ")");
        }
        if (status != Status.READ && (message == null || message.isBlank())) {
            throw new IllegalArgumentException("host evidence of status " + status + " needs a message");
        }
    }

    public static HostGpuEvidence read(HostGpuInventory inventory) {
        return new HostGpuEvidence(Status.READ, Objects.requireNonNull(inventory, "inventory"), null);
    }

    public static HostGpuEvidence noDriver(NoNvidiaDriverException error) {
        return new HostGpuEvidence(Status.NO_DRIVER, null, error.getMessage());
    }

    public static HostGpuEvidence nvidiaSmiFailed(NvidiaSmiFailedException error) {
        return new HostGpuEvidence(Status.NVIDIA_SMI_FAILED, null, error.getMessage());
    }

    /** @param reason why, e.g. {@code no GPUs were asked for} */
    public static HostGpuEvidence notProbed(String reason) {
        return new HostGpuEvidence(Status.NOT_PROBED, null, reason);
    }

    public Optional<HostGpuInventory> inventoryIfRead() {
        return Optional.ofNullable(inventory);
    }
}
