package io.gputraining.engine.runtime;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What a runtime says about itself, for reports and the preflight's container-runtime layer.
 *
 * @param description         one line, e.g. {@code docker 20.10.24 (API 1.41) at unix:///var/run/docker.sock}
 * @param containers          whether commands run in containers (false: directly on the host)
 * @param registeredRuntimes  OCI runtimes the daemon knows ({@code runc}, {@code nvidia}, ...); empty for local
 * @param cdi                 whether GPUs go as CDI devices, and where the specs are
 */
public record RuntimeFacts(String description, boolean containers, List<String> registeredRuntimes, CdiSupport cdi)
        implements Serializable {

    public RuntimeFacts {
        registeredRuntimes = List.copyOf(registeredRuntimes);
        Objects.requireNonNull(cdi, "cdi");
    }

    /** Whether the NVIDIA container runtime is registered with the daemon (one way, not the only one, to get GPUs). */
    public boolean nvidiaRuntimeRegistered() {
        return registeredRuntimes.stream().anyMatch(r -> r.toLowerCase(java.util.Locale.ROOT).contains("nvidia"));
    }
}
