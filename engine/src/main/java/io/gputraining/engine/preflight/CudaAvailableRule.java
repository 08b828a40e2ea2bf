package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.DriverCompatibility;
import io.gputraining.engine.preflight.probe.CheckStatus;
import io.gputraining.engine.preflight.probe.CudaProbe;
import io.gputraining.engine.preflight.probe.DeviceProbe;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.preflight.probe.MatmulCheck;
import io.gputraining.engine.preflight.probe.ProbeEnvironment;
import io.gputraining.engine.preflight.probe.TorchProbe;
import io.gputraining.engine.runtime.GpuAccess;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code cuda-available}: {@code torch.cuda.is_available()} is true. When it is false, training runs on the CPU
 * without an error, for hours: the most expensive failure of GPU CI. So this fails unless the policy allows CPU
 * training, and says which of the usual reasons it is.
 */
final class CudaAvailableRule implements VerdictRule {

    private static final String CPU_TRAINING_INTENDED = "set allowCpuFallback: true if CPU training is intended.";

    @Override
    public PreflightCheck check() {
        return PreflightCheck.CUDA_AVAILABLE;
    }

    @Override
    public Verdict evaluate(VerdictInput input) {
        Optional<TorchProbe> torch = input.importedTorch();
        Optional<CudaProbe> cuda = input.cuda();
        if (torch.isEmpty() || cuda.isEmpty()) {
            return Verdict.skip(check(), "not known: torch was not imported (see torch-import)");
        }
        if (input.cudaAvailable()) {
            return Verdict.pass(check(), VerdictText.oneLine("torch sees " + VerdictText.plural(input.visibleGpus(),
                    "CUDA device", "CUDA devices") + ": " + input.devices().stream().map(DeviceProbe::name).distinct()
                    .collect(Collectors.joining(", ")), 200));
        }
        if (cuda.get().status() == CheckStatus.TIMEOUT) {
            return Verdict.fail(check(), "CUDA initialisation in torch hung and was killed",
                    VerdictText.quote(cuda.get().error()),
                    "A hung CUDA start usually means a stuck GPU or driver: look for Xid errors in dmesg on the agent,"
                            + " reset the GPU or reboot the agent.");
        }
        Diagnosis why = diagnose(input, torch.get(), cuda.get());
        String cpu = cpuMatmul(input);
        if (input.policy().allowCpuFallback()) {
            String summary = VerdictText.oneLine("CUDA not available: training runs on the CPU, as allowed" + cpu, 200);
            // Asking for no GPUs and allowing the CPU is a CPU job by design; asking for GPUs and getting none is not.
            return input.gpusRequested()
                    ? Verdict.warn(check(), summary, why.cause, why.fix + " (allowCpuFallback is true: the build goes on"
                            + " on the CPU.)")
                    : Verdict.pass(check(), summary);
        }
        return Verdict.fail(check(), VerdictText.oneLine("torch.cuda.is_available() is False: training would silently"
                + " run on the CPU" + cpu, 200), why.cause, why.fix + "; " + CPU_TRAINING_INTENDED);
    }

    private Diagnosis diagnose(VerdictInput input, TorchProbe torch, CudaProbe cuda) {
        String torchSaid = cuda.error() == null ? "" : "; torch says: " + VerdictText.oneLine(cuda.error(), 150);
        if (torch.hip() != null) {
            return new Diagnosis("torch " + torch.version() + " is a ROCm build (torch.version.hip = " + torch.hip()
                    + "), which cannot use NVIDIA GPUs" + torchSaid,
                    "Use an image whose torch is built with CUDA (pytorch/pytorch:<version>-cuda<x.y>-cudnn<n>-runtime)");
        }
        if (torch.cuda() == null) {
            return new Diagnosis("torch " + torch.version() + " is a CPU-only build (torch.version.cuda is None)" + torchSaid,
                    "Use an image whose torch is built with CUDA (pytorch/pytorch:<version>-cuda<x.y>-cudnn<n>-runtime,"
                            + " or pip install torch --index-url https://download.pytorch.org/whl/cu<xyz>)");
        }
        ProbeEnvironment env = input.probe().map(ImageProbeReport::environment).orElse(null);
        String cudaVisible = env == null ? null : env.cudaVisibleDevices();
        if (cudaVisible != null && (cudaVisible.isBlank() || cudaVisible.strip().startsWith("-"))) {
            return new Diagnosis("CUDA_VISIBLE_DEVICES='" + cudaVisible + "' in the container hides every GPU from CUDA"
                    + torchSaid,
                    "Unset CUDA_VISIBLE_DEVICES in the image (ENV) and the build's environment, or set it to the GPUs"
                            + " to use (e.g. 0)");
        }
        if (!input.gpusRequested()) {
            return new Diagnosis("the container was started without GPUs (gpus: none)" + torchSaid,
                    "Ask for GPUs (gpus: 'all' or a count)");
        }
        HostGpuEvidence host = input.evidence().host();
        if (host.status() == HostGpuEvidence.Status.NO_DRIVER) {
            return new Diagnosis("this agent has no NVIDIA driver" + torchSaid,
                    "Run the build on an agent with an NVIDIA GPU and driver (restrict the job to a GPU label)");
        }
        Optional<DriverCompatibility> compat = input.hostDriverCompatibility();
        if (compat.isPresent() && !compat.get().runs()
                && compat.get().support() != DriverCompatibility.Support.UNKNOWN_CUDA_VERSION) {
            return new Diagnosis("the agent's driver " + compat.get().driver() + " is too old for this torch's CUDA "
                    + compat.get().cuda() + torchSaid,
                    "Update the agent's driver or use an image built for an older CUDA (see driver-compat)");
        }
        GpuAccess access = input.evidence().runtime().cdi().access();
        if (access.mode() == GpuAccess.Mode.CDI) {
            // NVIDIA's CDI spec sets NVIDIA_VISIBLE_DEVICES=void on purpose: the devices come from the spec instead.
            return new Diagnosis("the runtime injected the CDI devices " + String.join(", ", access.devices())
                    + ", but CUDA does not start in the container" + torchSaid,
                    "Check that the CDI spec is current (see cdi-spec; after a driver upgrade: '"
                            + io.gputraining.engine.cdi.CdiErrors.GENERATE_NVIDIA_SPEC + "'), and look for Xid errors in dmesg on the agent");
        }
        String nvidiaVisible = env == null ? null : env.nvidiaVisibleDevices();
        boolean noGpusInjected = nvidiaVisible == null || nvidiaVisible.isBlank()
                || nvidiaVisible.equalsIgnoreCase("void") || nvidiaVisible.equalsIgnoreCase("none");
        String said = cuda.error() == null ? "" : cuda.error().toLowerCase();
        if (input.evidence().runtime().containerRuntime()
                && (noGpusInjected || said.contains("found no nvidia driver"))) {
            return new Diagnosis("the container runtime did not hand the GPUs to the container (NVIDIA_VISIBLE_DEVICES="
                    + (nvidiaVisible == null ? "unset" : "'" + nvidiaVisible + "'") + ")" + torchSaid,
                    RuntimeGpusRule.INSTALL_TOOLKIT);
        }
        return new Diagnosis("torch cannot initialise CUDA" + torchSaid,
                "Check what the container sees: docker run --rm --gpus all <image> nvidia-smi, and look for Xid errors"
                        + " in dmesg on the agent");
    }

    /** The CPU matmul the probe ran instead, so the report says what CPU training would get. */
    private static String cpuMatmul(VerdictInput input) {
        MatmulCheck cpu = input.probe().map(ImageProbeReport::cpuMatmul).orElse(null);
        if (cpu == null || cpu.status() != CheckStatus.OK || cpu.gflops() == null) {
            return "";
        }
        return "; CPU matmul right at " + VerdictText.flops(cpu.gflops());
    }

    private record Diagnosis(String cause, String fix) {
    }
}
