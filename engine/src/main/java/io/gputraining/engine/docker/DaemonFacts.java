package io.gputraining.engine.docker;

import io.gputraining.engine.cdi.CdiKind;
import io.gputraining.engine.runtime.GpuAccess;
import io.gputraining.engine.runtime.GpuRequest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the daemon behind a Docker API socket is, read once when the runtime connects: Docker or Podman (whose
 * Docker-compatible API differs where {@code docs/podman.md} says), rootless or not, and whether it resolves
 * CDI devices. The engine decides from these how to create containers and how to give them GPUs.
 *
 * @param kind          Docker or Podman
 * @param version       the daemon's version, e.g. {@code 26.1.5} or {@code 4.3.1}
 * @param apiVersion    the Docker API version it speaks, e.g. {@code 1.41}
 * @param rootless      whether the daemon runs as an unprivileged user
 * @param cgroupVersion {@code 1} or {@code 2}; empty when not reported
 * @param cdiSpecDirs   where the daemon reads CDI specs; empty when it does not resolve CDI devices
 * @param runtimes      the OCI runtimes it has registered ({@code runc}, {@code nvidia}, ...)
 * @param serviceUser   for rootless Podman, the {@code uid:gid} the service runs as (what {@code keep-id} maps
 *                      the container user to); null otherwise
 */
public record DaemonFacts(Kind kind, String version, String apiVersion, boolean rootless, String cgroupVersion,
                          List<String> cdiSpecDirs, List<String> runtimes, String serviceUser) implements Serializable {

    /** Where CDI specs live unless a daemon says otherwise (the CDI specification's defaults). */
    public static final List<String> DEFAULT_CDI_SPEC_DIRS = List.of("/etc/cdi", "/var/run/cdi");

    /** Docker Engine 25 is the first to resolve CDI devices (behind {@code "features": {"cdi": true}}). */
    static final int FIRST_DOCKER_WITH_CDI = 25;

    /** The product behind the socket. */
    public enum Kind { DOCKER, PODMAN }

    public DaemonFacts {
        Objects.requireNonNull(kind, "kind");
        version = version == null ? "" : version;
        apiVersion = apiVersion == null ? "" : apiVersion;
        cgroupVersion = cgroupVersion == null ? "" : cgroupVersion;
        cdiSpecDirs = List.copyOf(cdiSpecDirs);
        runtimes = List.copyOf(runtimes);
    }

    public boolean isPodman() {
        return kind == Kind.PODMAN;
    }

    /**
     * Whether GPUs go to containers as CDI devices: always on Podman; on Docker from 25 on, when the daemon
     * reports CDI spec directories (it reports none while the {@code cdi} feature is off).
     */
    public boolean resolvesCdi() {
        return isPodman() || (!cdiSpecDirs.isEmpty() && majorVersion() >= FIRST_DOCKER_WITH_CDI);
    }

    /** How containers of this daemon get {@code gpus}: CDI devices of {@code kind} where it resolves CDI, else a device request. */
    public GpuAccess gpuAccess(GpuRequest gpus, CdiKind cdiKind) {
        if (gpus.wantsNone()) {
            return GpuAccess.none();
        }
        if (resolvesCdi()) {
            return new GpuAccess(GpuAccess.Mode.CDI, cdiKind.devicesFor(gpus));
        }
        List<String> asked = new ArrayList<>(gpus.deviceIds());
        if (asked.isEmpty()) {
            asked.add(gpus.wantsAll() ? "all" : Integer.toString(gpus.count()));
        }
        return new GpuAccess(GpuAccess.Mode.DEVICE_REQUEST, asked);
    }

    /** Memory limits need a cgroup of the container's own: rootless containers on cgroup v1 get none. */
    public boolean canLimitMemory() {
        return !(rootless && cgroupVersion.equals("1"));
    }

    /** One line, e.g. {@code podman 4.3.1 (rootless, API 1.41) at unix:///run/user/1000/podman/podman.sock}. */
    public String describe(String host) {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + version + " (" + (rootless ? "rootless, " : "")
                + "API " + apiVersion + ") at " + host;
    }

    int majorVersion() {
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
    }
}
