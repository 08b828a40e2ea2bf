package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.ComputeCapability;
import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.InvalidVersionException;
import io.gputraining.engine.preflight.probe.CudaProbe;
import io.gputraining.engine.preflight.probe.DeviceProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code arch-supported}: torch carries kernels for the GPUs' architecture. torch's arch list
 * ({@code torch.cuda.get_arch_list()}) names machine code ({@code sm_XY}) and PTX ({@code compute_XY}). Machine
 * code for X.Y runs on GPUs of capability X.Z with Z >= Y (binary compatibility within a major); PTX for X.Y is
 * JIT-compiled by the driver for any GPU of capability >= X.Y. Arch-specific builds ({@code sm_90a}) run only on
 * exactly that capability. A GPU with none of these fails every kernel with "no kernel image is available for
 * execution on the device".
 */
final class ArchSupportedRule implements VerdictRule {

    private static final Pattern ENTRY = Pattern.compile("(sm|compute)_(\\d+)(\\d)([af]?)");
    private static final String NO_KERNEL_IMAGE = "no kernel image is available";

    @Override
    public PreflightCheck check() {
        return PreflightCheck.ARCH_SUPPORTED;
    }

    @Override
    public Verdict evaluate(VerdictInput input) {
        List<String> archList = input.cuda().map(CudaProbe::archList).orElse(List.of());
        Optional<String> kernelError = input.devices().stream()
                .flatMap(d -> Stream.of(d.error(), d.matmul() == null ? null : d.matmul().error()))
                .filter(e -> e != null && e.contains(NO_KERNEL_IMAGE)).findFirst();
        if (kernelError.isPresent()) {
            return Verdict.fail(check(), "the GPU ran no kernel: torch has no kernel image for its architecture",
                    "torch's arch list " + archList + " does not cover the GPU: " + VerdictText.quote(kernelError.get()),
                    "Use an image whose torch is built for this GPU's architecture (see TORCH_CUDA_ARCH_LIST), or run"
                            + " on a GPU that the image's torch supports.");
        }
        if (archList.isEmpty()) {
            return Verdict.skip(check(), "torch reported no arch list (no CUDA build, or CUDA not available)");
        }
        Map<ComputeCapability, String> gpus = capabilities(input);
        if (gpus.isEmpty()) {
            return Verdict.skip(check(), "no GPU capability known to compare with torch's arch list " + archList);
        }
        List<String> covered = new ArrayList<>();
        List<String> jitOnly = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        gpus.forEach((capability, names) -> {
            String gpu = capability.smArchitecture() + " (" + names + ")";
            switch (support(capability, archList)) {
                case MACHINE_CODE -> covered.add(gpu);
                case PTX_JIT -> jitOnly.add(gpu);
                case NONE -> missing.add(gpu);
            }
        });
        String list = String.join(" ", archList);
        if (!missing.isEmpty()) {
            ComputeCapability first = gpus.keySet().stream()
                    .filter(c -> support(c, archList) == Support.NONE).findFirst().orElseThrow();
            return Verdict.fail(check(), VerdictText.oneLine("GPU " + String.join(", ", missing)
                            + " is not in torch's arch list: " + list, 200),
                    "torch carries kernels for " + list + " only; a GPU of capability " + first + " needs "
                            + "sm_" + first.major() + "Y with Y <= " + first.minor() + " or PTX compute_XY <= compute_"
                            + first.major() + first.minor() + ", so every CUDA kernel fails with 'no kernel image is"
                            + " available for execution on the device'.",
                    "Use an image whose torch is built for " + first.smArchitecture() + " (an older torch release, or"
                            + " one built with TORCH_CUDA_ARCH_LIST=\"" + first + "\"), or run on a GPU that torch's"
                            + " list covers.");
        }
        if (!jitOnly.isEmpty()) {
            return Verdict.warn(check(), VerdictText.oneLine("GPU " + String.join(", ", jitOnly)
                            + " runs only through PTX JIT compilation (" + list + ")", 200),
                    "torch has no machine code for this GPU, only PTX: the driver compiles every kernel at first use"
                            + " (slow first start, can take many minutes), and it fails if the PTX is newer than the"
                            + " driver.",
                    "Use an image whose torch includes machine code (sm_XY) for this GPU's architecture.");
        }
        return Verdict.pass(check(), VerdictText.oneLine("GPU " + String.join(", ", covered)
                + " covered by torch's arch list: " + list, 200));
    }

    /** Each distinct capability with the names of its GPUs: from torch's devices, else the host's GPUs in scope. */
    private static Map<ComputeCapability, String> capabilities(VerdictInput input) {
        Map<ComputeCapability, String> gpus = new LinkedHashMap<>();
        for (DeviceProbe device : input.devices()) {
            try {
                if (device.capability() != null) {
                    gpus.merge(ComputeCapability.parse(device.capability()), device.name(), ArchSupportedRule::names);
                }
            } catch (InvalidVersionException unreadable) {
                // A device whose capability torch did not report cannot be judged; the others still can.
            }
        }
        if (gpus.isEmpty()) {
            for (GpuInfo gpu : input.scope().gpus()) {
                gpu.computeCapability().ifPresent(c -> gpus.merge(c, gpu.name(), ArchSupportedRule::names));
            }
        }
        return gpus;
    }

    private static String names(String a, String b) {
        return a.equals(b) || a.contains(b) ? a : a + ", " + b;
    }

    enum Support { MACHINE_CODE, PTX_JIT, NONE }

    /** How code in {@code archList} runs on a GPU of {@code capability}. */
    static Support support(ComputeCapability capability, List<String> archList) {
        Support best = Support.NONE;
        for (String entry : archList) {
            Matcher m = ENTRY.matcher(entry.strip());
            if (!m.matches()) {
                continue;
            }
            ComputeCapability target = new ComputeCapability(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            boolean specific = m.group(4).equals("a");
            boolean runs = specific ? target.equals(capability)
                    : m.group(1).equals("sm") ? target.major() == capability.major() && target.minor() <= capability.minor()
                    : m.group(4).equals("f") ? target.major() == capability.major() && target.compareTo(capability) <= 0
                    : target.compareTo(capability) <= 0;
            if (runs && m.group(1).equals("sm")) {
                return Support.MACHINE_CODE;
            }
            if (runs) {
                best = Support.PTX_JIT;
            }
        }
        return best;
    }
}
