package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.HostGpuInventory;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code idle}: no other process holds the GPUs in scope. One that does shares the GPU's compute and memory with
 * the build: slower, and it may run out of memory. Fails under {@code requireIdle}, warns otherwise.
 */
final class IdleRule extends HostGpuRule {

    @Override
    public PreflightCheck check() {
        return PreflightCheck.IDLE;
    }

    @Override
    Verdict evaluate(VerdictInput input, List<GpuInfo> gpus) {
        HostGpuInventory host = input.host().orElseThrow();
        List<GpuInfo> busy = gpus.stream().filter(g -> !host.processesOn(g.uuid()).isEmpty()).toList();
        if (busy.isEmpty()) {
            return Verdict.pass(check(), "no other processes on " + VerdictText.indexes(gpus));
        }
        String processes = busy.stream().map(g -> "GPU " + g.index() + ": " + host.processesOn(g.uuid()).stream()
                .map(VerdictText::process).collect(Collectors.joining(", "))).collect(Collectors.joining("; "));
        long count = busy.stream().mapToLong(g -> host.processesOn(g.uuid()).size()).sum();
        boolean fatal = input.policy().requireIdle();
        List<GpuInfo> idle = host.gpus().stream().filter(g -> host.processesOn(g.uuid()).isEmpty()).toList();
        String elsewhere = idle.isEmpty() ? "run on an idle agent" : "ask for an idle GPU (gpus: device="
                + VerdictText.deviceList(idle) + ")";
        return Verdict.problem(check(), fatal, VerdictText.oneLine(VerdictText.plural(count, "other process",
                        "other processes") + " on the GPUs: " + processes, 200),
                "Another job is using " + VerdictText.indexes(busy) + ": it shares the GPU's compute and memory with"
                        + " this build, which then runs slower and may run out of memory.",
                "Wait for those processes to end, " + elsewhere + ", or give each build GPUs of its own; "
                        + (fatal ? "set requireIdle: false to only warn." : "set requireIdle: true to fail instead."));
    }
}
