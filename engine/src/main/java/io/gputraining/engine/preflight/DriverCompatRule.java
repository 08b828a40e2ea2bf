package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.CudaDriverRequirement;
import io.gputraining.engine.preflight.host.CudaVersion;
import io.gputraining.engine.preflight.host.DriverCompatibility;
import io.gputraining.engine.preflight.host.DriverVersion;
import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.preflight.host.InvalidVersionException;
import io.gputraining.engine.preflight.probe.CudaProbe;
import java.util.Map;
import java.util.Optional;

/**
 * {@code driver-compat}: the CUDA torch was built with ({@code torch.version.cuda}) runs on the agent's driver.
 * An image whose CUDA needs a newer driver dies at the first kernel, or never sees CUDA at all.
 */
final class DriverCompatRule implements VerdictRule {

    @Override
    public PreflightCheck check() {
        return PreflightCheck.DRIVER_COMPAT;
    }

    @Override
    public Verdict evaluate(VerdictInput input) {
        if (input.importedTorch().isEmpty()) {
            return Verdict.skip(check(), "not known: torch was not imported (see torch-import)");
        }
        Optional<String> torchCuda = input.torchCuda();
        if (torchCuda.isEmpty()) {
            return Verdict.skip(check(), "torch is not built with CUDA: no driver requirement");
        }
        CudaVersion cuda;
        try {
            cuda = CudaVersion.parse(torchCuda.get());
        } catch (InvalidVersionException e) {
            return Verdict.warn(check(), "torch.version.cuda '" + VerdictText.oneLine(torchCuda.get(), 40)
                            + "' is not a CUDA version", e.getMessage(),
                    "Check the image's torch build; report it as a bug with the preflight JSON if it is a usual build.");
        }
        Optional<HostGpuInventory> host = input.host();
        if (host.isPresent()) {
            return judge(input, CudaDriverRequirement.check(cuda, host.get().driverVersion()),
                    host.get().cudaDriverVersion());
        }
        return fromDriverCudaVersion(input, cuda);
    }

    private Verdict judge(VerdictInput input, DriverCompatibility compat, Optional<CudaVersion> hostCuda) {
        String versions = "torch built for CUDA " + compat.cuda() + ", agent driver " + compat.driver();
        String newestImageCuda = hostCuda.or(() -> newestFullySupported(compat.driver()))
                .map(c -> ", or use an image whose torch is built for CUDA <= " + c).orElse("");
        return switch (compat.support()) {
            case FULL -> Verdict.pass(check(), versions + compat.toolkitDriverMinimum()
                    .map(min -> " (CUDA " + compat.cuda() + " needs >= " + min + ")").orElse(""));
            case MINOR_VERSION_COMPATIBILITY -> {
                String summary = versions + ": runs through minor-version compatibility (PTX caveat)";
                yield input.policy().warnOnMinorVersionCompatibility()
                        ? Verdict.warn(check(), summary, compat.explanation(), compat.toolkitDriverMinimum()
                                .map(min -> "Install a driver >= " + min + " on the agent for full support")
                                .orElse("Install the driver NVIDIA's release notes name for CUDA " + compat.cuda())
                                + newestImageCuda + ". Until then the training runs, without the newest PTX: this only warns.")
                        : Verdict.pass(check(), summary);
            }
            case UNSUPPORTED -> Verdict.fail(check(), versions + ": the driver is too old for this CUDA",
                    compat.explanation() + " CUDA fails to start ('the NVIDIA driver on your system is too old').",
                    "Install a driver >= " + compat.toolkitDriverMinimum().or(compat::minorVersionCompatibility)
                            .map(DriverVersion::text).orElse("the one NVIDIA names for CUDA " + compat.cuda())
                            + " on the agent" + newestImageCuda + ".");
            case UNKNOWN_CUDA_VERSION -> Verdict.warn(check(), versions + ": CUDA " + compat.cuda()
                            + " is not in this preflight's driver table", compat.explanation(),
                    "Compare the agent's driver with the CUDA " + compat.cuda() + " release notes; update the"
                            + " gpu-training plugin for a newer table.");
        };
    }

    /**
     * Without the host layer, the probe still knows the newest CUDA the driver supports (from libcuda inside the
     * container), which answers the same question with CUDA versions alone.
     */
    private Verdict fromDriverCudaVersion(VerdictInput input, CudaVersion cuda) {
        Optional<CudaVersion> driverCuda = input.cuda().map(CudaProbe::driverCudaVersion).flatMap(text -> {
            try {
                return Optional.of(CudaVersion.parse(text));
            } catch (InvalidVersionException e) {
                return Optional.empty();
            }
        });
        if (driverCuda.isEmpty()) {
            return Verdict.skip(check(), "driver not known: the host was not read and libcuda did not answer");
        }
        String versions = "torch built for CUDA " + cuda + ", driver supports CUDA " + driverCuda.get();
        String needed = CudaDriverRequirement.toolkitDriverMinimum(cuda).map(d -> "Install a driver >= " + d)
                .orElse("Install a newer driver") + " on the agent, or use an image whose torch is built for CUDA <= "
                + driverCuda.get() + ".";
        if (driverCuda.get().compareTo(cuda) >= 0) {
            return Verdict.pass(check(), versions);
        }
        if (driverCuda.get().major() == cuda.major() && cuda.major() >= 11) {
            String summary = versions + ": runs through minor-version compatibility (PTX caveat)";
            return input.policy().warnOnMinorVersionCompatibility()
                    ? Verdict.warn(check(), summary, "The driver is older than CUDA " + cuda + " needs, so code"
                            + " runs only through minor-version compatibility: PTX newer than the driver cannot be"
                            + " JIT-compiled (CUDA_ERROR_UNSUPPORTED_PTX_VERSION).", needed)
                    : Verdict.pass(check(), summary);
        }
        return Verdict.fail(check(), versions + ": the driver is too old for this CUDA",
                "A driver supporting CUDA " + driverCuda.get() + " cannot run CUDA " + cuda + " code.", needed);
    }

    /** The newest CUDA release whose own driver is not newer than this one. */
    private static Optional<CudaVersion> newestFullySupported(DriverVersion driver) {
        return CudaDriverRequirement.toolkitDriverTable().descendingMap().entrySet().stream()
                .filter(e -> driver.isAtLeast(e.getValue())).map(Map.Entry::getKey).findFirst();
    }
}
