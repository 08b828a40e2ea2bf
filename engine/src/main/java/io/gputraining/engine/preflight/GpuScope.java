package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.preflight.probe.DeviceProbe;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.runtime.GpuRequest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The host GPUs the host-side checks (memory, temperature, ECC, idle, MIG) look at: those the container was
 * given, when the evidence says which, else every GPU of the agent. A busy GPU the build does not use is no
 * reason to fail it.
 *
 * @param gpus       the host's GPUs in scope, by index
 * @param basis      how they were chosen, for reports, e.g. {@code the GPUs the container saw (by UUID)}
 * @param unknownIds ids the request named that the agent does not have
 */
public record GpuScope(List<GpuInfo> gpus, String basis, List<String> unknownIds) implements Serializable {

    private static final List<String> NOT_A_DEVICE_LIST = List.of("", "all", "none", "void");

    public GpuScope {
        gpus = List.copyOf(gpus);
        Objects.requireNonNull(basis, "basis");
        unknownIds = List.copyOf(unknownIds);
    }

    /**
     * Decides the scope, from the most to the least exact evidence: the UUIDs of the devices torch saw in the
     * container; the ids the request named; {@code NVIDIA_VISIBLE_DEVICES} inside the container; the first n
     * GPUs for a count (Docker hands out indexes 0..n-1 for {@code --gpus n}); else all of them.
     */
    public static GpuScope of(PreflightEvidence evidence) {
        Optional<HostGpuInventory> read = evidence.hostInventory();
        if (read.isEmpty()) {
            return new GpuScope(List.of(), "none: the host was not read", List.of());
        }
        HostGpuInventory host = read.get();
        GpuRequest request = evidence.gpuRequest();
        if (request.wantsNone()) {
            return new GpuScope(List.of(), "none: no GPUs were asked for", List.of());
        }
        Optional<ImageProbeReport> probe = evidence.probeReport();
        List<String> seenUuids = probe.map(r -> r.devices().stream().map(DeviceProbe::uuid).toList()).orElse(List.of());
        if (!seenUuids.isEmpty() && !seenUuids.contains(null)) {
            List<String> ids = seenUuids.stream().map(uuid -> uuid.startsWith("GPU-") ? uuid : "GPU-" + uuid).toList();
            Matched matched = match(host, ids);
            // UUIDs that are not on this host mean the two layers saw different machines: trust neither for scope.
            if (matched.unknown.isEmpty()) {
                return new GpuScope(matched.gpus, "the GPUs the container saw (by UUID)", List.of());
            }
        }
        if (!request.deviceIds().isEmpty()) {
            Matched matched = match(host, request.deviceIds());
            return new GpuScope(matched.gpus, "the GPUs asked for (" + request + ")", matched.unknown);
        }
        Optional<String> visible = probe.flatMap(r -> Optional.ofNullable(r.environment()))
                .flatMap(env -> Optional.ofNullable(env.nvidiaVisibleDevices()))
                .map(String::strip)
                .filter(v -> !NOT_A_DEVICE_LIST.contains(v.toLowerCase()));
        if (visible.isPresent()) {
            Matched matched = match(host, Arrays.asList(visible.get().split(",")));
            if (matched.unknown.isEmpty()) {
                return new GpuScope(matched.gpus, "NVIDIA_VISIBLE_DEVICES=" + visible.get() + " in the container", List.of());
            }
        }
        if (request.count() > 0 && request.deviceIds().isEmpty()) {
            List<GpuInfo> first = host.gpus().stream().limit(request.count()).toList();
            return new GpuScope(first, "the first " + request.count() + " GPU(s) of the agent (gpus: " + request + ")",
                    List.of());
        }
        return new GpuScope(host.gpus(), "all GPUs of the agent", List.of());
    }

    /** Whether no host GPU is in scope. */
    public boolean isEmpty() {
        return gpus.isEmpty();
    }

    private static Matched match(HostGpuInventory host, List<String> ids) {
        List<GpuInfo> gpus = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            Optional<GpuInfo> gpu = host.gpu(id.strip());
            if (gpu.isPresent()) {
                if (!gpus.contains(gpu.get())) {
                    gpus.add(gpu.get());
                }
            } else {
                unknown.add(id.strip());
            }
        }
        gpus.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new Matched(gpus, unknown);
    }

    private record Matched(List<GpuInfo> gpus, List<String> unknown) {
    }
}
