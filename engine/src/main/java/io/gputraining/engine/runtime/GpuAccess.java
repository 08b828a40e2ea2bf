package io.gputraining.engine.runtime;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How a runtime gives a container its GPUs, as the run manifest and the preflight record it.
 *
 * @param mode    the mechanism
 * @param devices what was asked of it: CDI device names ({@code nvidia.com/gpu=0}), the device request's ids
 *                (or {@code all} / a count), or the {@code CUDA_VISIBLE_DEVICES} value; empty for none
 */
public record GpuAccess(Mode mode, List<String> devices) implements Serializable {

    /** The ways GPUs reach a container (or a host process). */
    public enum Mode {
        /** No GPUs were asked for. */
        NONE("none"),
        /** Docker device requests (driver {@code nvidia}, capability {@code gpu}): what {@code --gpus} sends; needs
         *  the NVIDIA Container Toolkit's legacy runtime hook on the daemon. */
        DEVICE_REQUEST("device-request"),
        /** Container Device Interface devices, resolved by the runtime from a spec in {@code /etc/cdi} or
         *  {@code /var/run/cdi}: Podman always, Docker 25 and later with CDI enabled. */
        CDI("cdi"),
        /** No container: the host process sees the GPUs {@code CUDA_VISIBLE_DEVICES} names. */
        VISIBLE_DEVICES("visible-devices");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        /** The stable name reports and the run manifest use, e.g. {@code cdi}. */
        public String id() {
            return id;
        }
    }

    public GpuAccess {
        Objects.requireNonNull(mode, "mode");
        devices = List.copyOf(devices);
    }

    public static GpuAccess none() {
        return new GpuAccess(Mode.NONE, List.of());
    }

    /** One line for logs, e.g. {@code cdi: nvidia.com/gpu=0, nvidia.com/gpu=1}. */
    public String describe() {
        return devices.isEmpty() ? mode.id() : mode.id() + ": " + String.join(", ", devices);
    }
}
