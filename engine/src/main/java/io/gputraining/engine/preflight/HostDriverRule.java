package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.HostGpuInventory;
import java.util.stream.Collectors;

/** {@code host-driver}: the agent has an NVIDIA driver, and {@code nvidia-smi} answers about every GPU. */
final class HostDriverRule implements VerdictRule {

    @Override
    public PreflightCheck check() {
        return PreflightCheck.HOST_DRIVER;
    }

    @Override
    public Verdict evaluate(VerdictInput input) {
        HostGpuEvidence host = input.evidence().host();
        return switch (host.status()) {
            case READ -> read(host.inventory());
            case NOT_PROBED -> Verdict.skip(check(), "host not probed: " + VerdictText.oneLine(host.message(), 150));
            case NO_DRIVER -> Verdict.problem(check(), !input.policy().allowCpuFallback(),
                    "no NVIDIA driver on this agent (nvidia-smi not found)",
                    VerdictText.quote(host.message()),
                    "Run GPU builds on agents with an NVIDIA GPU and driver (give them a label such as 'gpu' and"
                            + " restrict the job to it); set allowCpuFallback: true if CPU training is intended.");
            case NVIDIA_SMI_FAILED -> Verdict.fail(check(), "nvidia-smi failed on this agent: the driver is not usable",
                    VerdictText.quote(host.message()), fixFor(host.message()));
        };
    }

    private Verdict read(HostGpuInventory host) {
        String gpus = host.gpus().stream().map(GpuInfo::name).distinct()
                .map(name -> host.gpus().stream().filter(g -> g.name().equals(name)).count() + "x " + name)
                .collect(Collectors.joining(", "));
        String summary = "driver " + host.driverVersion()
                + host.cudaDriverVersion().map(c -> " (CUDA " + c + ")").orElse("")
                + ", " + VerdictText.plural(host.gpus().size(), "GPU", "GPUs") + (gpus.isEmpty() ? "" : ": " + gpus);
        if (!host.unparsedLines().isEmpty()) {
            return Verdict.warn(check(), VerdictText.oneLine(summary + "; nvidia-smi reported problems", 200),
                    "nvidia-smi printed lines that describe no GPU, usually a GPU it cannot reach: "
                            + VerdictText.quote(String.join(" | ", host.unparsedLines())),
                    "A GPU that is 'lost' or unreadable needs the agent drained: check 'dmesg' for Xid errors, reset"
                            + " the GPU (nvidia-smi -r) or reboot the agent.");
        }
        return Verdict.pass(check(), VerdictText.oneLine(summary, 200));
    }

    /** nvidia-smi's common failures each have one remedy; the message of the exception has generic advice too. */
    private static String fixFor(String message) {
        String m = message.toLowerCase();
        if (m.contains("driver/library version mismatch")) {
            return "The NVIDIA kernel module and its libraries differ, typically after a driver upgrade without a"
                    + " reboot: reboot the agent (or reload the nvidia kernel modules).";
        }
        if (m.contains("couldn't communicate with the nvidia driver") || m.contains("failed to initialize nvml")) {
            return "The NVIDIA kernel module is not loaded: make sure the driver is installed for the running kernel"
                    + " (a kernel update needs the driver rebuilt, e.g. by DKMS), then reboot the agent.";
        }
        if (m.contains("no devices were found")) {
            return "The driver sees no GPU: check that the GPU is attached to this machine (lspci | grep -i nvidia)"
                    + " and that no other driver (e.g. vfio) holds it.";
        }
        if (m.contains("gpu is lost") || m.contains("fallen off the bus")) {
            return "A GPU stopped responding: keep builds off this agent, reset the GPU (nvidia-smi -r) or reboot"
                    + " the agent, and look for Xid errors in 'dmesg'.";
        }
        if (m.contains("no answer within")) {
            return "nvidia-smi hangs when the driver is stuck on a GPU: check 'dmesg' for Xid errors and reboot the"
                    + " agent; if it is merely slow, enable persistence mode (nvidia-persistenced).";
        }
        return "Run nvidia-smi on the agent to see the error, fix the driver installation, then run the build again.";
    }
}
