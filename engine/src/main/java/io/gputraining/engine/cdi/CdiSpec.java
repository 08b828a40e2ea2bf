package io.gputraining.engine.cdi;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What the preflight needs of one CDI spec file: its kind, the devices it names, the driver it was generated for,
 * and the host files it would put into containers that are no longer there.
 *
 * @param file             where it was read from
 * @param cdiVersion       the spec's {@code cdiVersion}
 * @param kind             its {@code kind}, e.g. {@code nvidia.com/gpu}
 * @param devices          the device names it defines ({@code 0}, {@code GPU-…}, {@code all})
 * @param driverVersion    the NVIDIA driver it was generated for, from what it mounts ({@code libcuda.so.580.159.04}) or
 *                         its hooks ({@code --host-driver-version=…}); null when it names none
 * @param hostPaths        every host file it injects (device nodes and mounts)
 * @param missingHostPaths those of them this host does not have (a spec older than the driver names the old
 *                         driver's files); empty when not checked
 */
public record CdiSpec(String file, String cdiVersion, String kind, List<String> devices, String driverVersion,
                      List<String> hostPaths, List<String> missingHostPaths) implements Serializable {

    public CdiSpec {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        devices = List.copyOf(devices);
        hostPaths = List.copyOf(hostPaths);
        missingHostPaths = List.copyOf(missingHostPaths);
    }

    /** Whether it names {@code device} (the part after {@code =}). */
    public boolean defines(String device) {
        return devices.contains(device);
    }

    /** The same spec, with the host files that are missing here. */
    public CdiSpec withMissing(List<String> missing) {
        return new CdiSpec(file, cdiVersion, kind, devices, driverVersion, hostPaths, missing);
    }
}
