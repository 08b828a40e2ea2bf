package io.gputraining.engine.preflight;

import io.gputraining.engine.runtime.GpuAccess;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The second layer of a preflight's evidence: whether the container runtime could give the probe's container
 * its GPUs, and how it gives them.
 *
 * @param containerRuntime        false for the local runtime, where commands run on the host without containers
 * @param runtimeDescription      what ran the probe, e.g. {@code Docker 27.3.1 (default runtime runc)}, or
 *                                {@link #LOCAL_DESCRIPTION}
 * @param runtimes                the OCI runtimes the daemon has registered, e.g. {@code [runc, nvidia]}
 * @param nvidiaRuntimeRegistered whether {@code nvidia} is one of them; not needed by {@code --gpus} with a
 *                                current NVIDIA Container Toolkit, but a hint when GPUs could not be given
 * @param gpuRequestError         the daemon's error when starting the probe's container with GPUs failed, e.g.
 *                                {@code could not select device driver "nvidia" with capabilities: [[gpu]]};
 *                                null when it started
 * @param cdi                     how the GPUs were given (CDI devices or device requests) and the CDI specs found
 */
public record RuntimeGpuSupport(boolean containerRuntime, String runtimeDescription, List<String> runtimes,
                                boolean nvidiaRuntimeRegistered, String gpuRequestError, CdiEvidence cdi) implements Serializable {

    /** How the local runtime describes itself. */
    public static final String LOCAL_DESCRIPTION = "no container runtime: commands run on the host";

    public RuntimeGpuSupport {
        Objects.requireNonNull(runtimeDescription, "runtimeDescription");
        runtimes = List.copyOf(runtimes);
        if (gpuRequestError != null && gpuRequestError.isBlank()) {
            gpuRequestError = null;
        }
        if (cdi == null) {
            cdi = CdiEvidence.notApplicable(GpuAccess.none(), "not recorded");
        }
    }

    /** The local runtime: no containers, so nothing to give GPUs to. */
    public static RuntimeGpuSupport local() {
        return new RuntimeGpuSupport(false, LOCAL_DESCRIPTION, List.of(), false, null,
                CdiEvidence.notApplicable(GpuAccess.none(), "no container runtime"));
    }

    /**
     * A container daemon whose GPUs went as device requests (or were not asked for).
     *
     * @param gpuRequestError the daemon's error when the container could not get its GPUs; null when it could
     */
    public static RuntimeGpuSupport daemon(String description, List<String> runtimes, String gpuRequestError) {
        return daemon(description, runtimes, gpuRequestError, null);
    }

    /** A container daemon, with how it gave the GPUs and what CDI specs were found. */
    public static RuntimeGpuSupport daemon(String description, List<String> runtimes, String gpuRequestError, CdiEvidence cdi) {
        return new RuntimeGpuSupport(true, description, runtimes, runtimes.contains("nvidia"), gpuRequestError, cdi);
    }

    public Optional<String> gpuRequestErrorIfAny() {
        return Optional.ofNullable(gpuRequestError);
    }
}
