package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.HostGpuInventory;
import java.util.List;
import java.util.stream.Collectors;

/** {@code free-memory}: each GPU in scope has at least {@code minFreeMemoryMiB} free. */
final class FreeMemoryRule extends HostGpuRule {

    @Override
    public PreflightCheck check() {
        return PreflightCheck.FREE_MEMORY;
    }

    @Override
    Verdict evaluate(VerdictInput input, List<GpuInfo> gpus) {
        String free = gpus.stream().map(g -> "GPU " + g.index() + " " + mib(g) + " free")
                .collect(Collectors.joining(", "));
        long minimum = input.policy().minFreeMemoryMiB();
        if (minimum == 0) {
            return Verdict.skip(check(), VerdictText.oneLine("no minimum set (" + free + ")", 200));
        }
        List<GpuInfo> unknown = gpus.stream().filter(g -> g.memoryFreeMib().isEmpty()).toList();
        List<GpuInfo> tooLittle = gpus.stream()
                .filter(g -> g.memoryFreeMib().isPresent() && g.memoryFreeMib().getAsLong() < minimum).toList();
        if (!tooLittle.isEmpty()) {
            HostGpuInventory host = input.host().orElseThrow();
            String holders = tooLittle.stream().flatMap(g -> host.processesOn(g.uuid()).stream())
                    .map(VerdictText::process).collect(Collectors.joining(", "));
            return Verdict.fail(check(), VerdictText.oneLine(free + "; " + minimum + " MiB needed", 200),
                    VerdictText.indexes(tooLittle) + " has less free memory than minFreeMemoryMiB ("
                            + minimum + " MiB)" + (holders.isEmpty() ? "." : "; it is held by " + holders + "."),
                    "Wait for or stop the other processes on the GPU (nvidia-smi lists them), run on another agent,"
                            + " or lower minFreeMemoryMiB.");
        }
        if (!unknown.isEmpty()) {
            return Verdict.warn(check(), VerdictText.oneLine(free + "; " + minimum + " MiB needed", 200),
                    "nvidia-smi did not report free memory for " + VerdictText.indexes(unknown) + ".",
                    "Check nvidia-smi on the agent; set minFreeMemoryMiB: 0 to turn this check off.");
        }
        return Verdict.pass(check(), VerdictText.oneLine(free + " (>= " + minimum + " MiB)", 200));
    }

    private static String mib(GpuInfo gpu) {
        return gpu.memoryFreeMib().isPresent() ? gpu.memoryFreeMib().getAsLong() + " MiB" : "unknown MiB";
    }
}
