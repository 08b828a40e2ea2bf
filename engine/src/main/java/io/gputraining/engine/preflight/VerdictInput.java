package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.CudaDriverRequirement;
import io.gputraining.engine.preflight.host.DriverCompatibility;
import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.preflight.host.InvalidVersionException;
import io.gputraining.engine.preflight.probe.CheckStatus;
import io.gputraining.engine.preflight.probe.CudaProbe;
import io.gputraining.engine.preflight.probe.DeviceProbe;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.preflight.probe.TorchProbe;
import java.util.List;
import java.util.Optional;

/** What every rule reads: the policy, the evidence, the GPUs in scope, and the facts several rules share. */
record VerdictInput(PreflightPolicy policy, PreflightEvidence evidence, GpuScope scope) {

    static VerdictInput of(PreflightPolicy policy, PreflightEvidence evidence) {
        return new VerdictInput(policy, evidence, GpuScope.of(evidence));
    }

    Optional<HostGpuInventory> host() {
        return evidence.hostInventory();
    }

    Optional<ImageProbeReport> probe() {
        return evidence.probeReport();
    }

    /** torch's facts, only when {@code import torch} worked. */
    Optional<TorchProbe> importedTorch() {
        return probe().map(ImageProbeReport::torch).filter(t -> t != null && t.status() == CheckStatus.OK);
    }

    Optional<CudaProbe> cuda() {
        return importedTorch().flatMap(t -> probe().map(ImageProbeReport::cuda));
    }

    /** Whether torch in the image can use CUDA: the opposite of the silent CPU fallback. */
    boolean cudaAvailable() {
        return cuda().map(c -> c.status() == CheckStatus.OK && Boolean.TRUE.equals(c.available())).orElse(false);
    }

    List<DeviceProbe> devices() {
        return probe().map(ImageProbeReport::devices).orElse(List.of());
    }

    /** The GPUs torch saw: its device count when CUDA is available, else 0. */
    int visibleGpus() {
        if (!cudaAvailable()) {
            return 0;
        }
        Integer count = cuda().map(CudaProbe::deviceCount).orElse(null);
        return count != null ? count : devices().size();
    }

    /** {@code torch.version.cuda}, e.g. {@code 13.0}; empty for a CPU build or without torch. */
    Optional<String> torchCuda() {
        return importedTorch().map(TorchProbe::cuda).filter(c -> !c.isBlank());
    }

    /** Whether the image's CUDA runs on the host's driver; empty when either is unknown or unreadable. */
    Optional<DriverCompatibility> hostDriverCompatibility() {
        Optional<String> cuda = torchCuda();
        Optional<HostGpuInventory> host = host();
        if (cuda.isEmpty() || host.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CudaDriverRequirement.check(cuda.get(), host.get().driverVersion().text()));
        } catch (InvalidVersionException unreadable) {
            return Optional.empty();
        }
    }

    /** The SKIP every host-side check gives when no host GPU is in scope; empty when there are some. */
    Optional<Verdict> skipWithoutHostGpus(PreflightCheck check) {
        if (host().isEmpty()) {
            return Optional.of(Verdict.skip(check, "not known: the host was not read (see host-driver)"));
        }
        if (scope.isEmpty()) {
            return Optional.of(Verdict.skip(check, "no host GPU to check: " + scope.basis()));
        }
        return Optional.empty();
    }

    boolean gpusRequested() {
        return !evidence.gpuRequest().wantsNone();
    }
}
