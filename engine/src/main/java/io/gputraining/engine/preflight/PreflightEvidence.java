package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.runtime.GpuRequest;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a preflight found, before it is judged: the three layers (host, container runtime, image), what
 * was asked for, and how long each layer took. {@link VerdictRules} turns it into verdicts.
 *
 * @param imageReference the image the probe ran in, as pinned, e.g. {@code pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime@sha256:…};
 *                       null for the local runtime, where the probe runs on the host
 * @param imageDigest    its content digest ({@code sha256:…}); null when unknown or local
 * @param gpuRequest     the GPUs the probe's container was asked to get
 * @param host           what {@code nvidia-smi} said on the agent
 * @param runtime        whether the container runtime could give GPUs
 * @param image          what the in-image probe reported
 * @param timings        how long each layer took
 */
public record PreflightEvidence(String imageReference, String imageDigest, GpuRequest gpuRequest,
                                HostGpuEvidence host, RuntimeGpuSupport runtime, ImageProbeEvidence image,
                                PreflightTimings timings) implements Serializable {

    public PreflightEvidence {
        Objects.requireNonNull(gpuRequest, "gpuRequest");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(timings, "timings");
    }

    public Optional<HostGpuInventory> hostInventory() {
        return host.inventoryIfRead();
    }

    public Optional<ImageProbeReport> probeReport() {
        return image.reportIfAny();
    }
}
