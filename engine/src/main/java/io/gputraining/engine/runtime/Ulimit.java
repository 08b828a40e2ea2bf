package io.gputraining.engine.runtime;

import java.io.Serializable;

/** A resource limit for the container's processes; -1 means unlimited. */
public record Ulimit(String name, long soft, long hard) implements Serializable {

    /** What NVIDIA recommends for PyTorch containers: unlimited locked memory, 64 MiB stack. */
    public static java.util.List<Ulimit> pytorchDefaults() {
        return java.util.List.of(new Ulimit("memlock", -1, -1), new Ulimit("stack", 67108864, 67108864));
    }
}
