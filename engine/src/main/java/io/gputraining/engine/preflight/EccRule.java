package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.GpuInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ecc}: the GPUs' memory is sound. Uncorrected ECC errors since the driver loaded, or a row that could not
 * be remapped, mean results on that GPU can be wrong: fail. A page retirement or row remap that waits for a
 * reset means memory known to be bad is still in use until then: warn.
 */
final class EccRule extends HostGpuRule {

    @Override
    public PreflightCheck check() {
        return PreflightCheck.ECC;
    }

    @Override
    Verdict evaluate(VerdictInput input, List<GpuInfo> gpus) {
        List<String> broken = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (GpuInfo gpu : gpus) {
            long uncorrected = gpu.eccUncorrectedVolatile().orElse(0);
            if (uncorrected > 0) {
                broken.add("GPU " + gpu.index() + ": " + uncorrected + " uncorrected ECC error(s)");
            }
            if (gpu.remappedRowsFailure().orElse(false)) {
                broken.add("GPU " + gpu.index() + ": a row remap failed");
            }
            if (gpu.retiredPagesPending().orElse(false)) {
                pending.add("GPU " + gpu.index() + ": page retirement pending");
            }
            if (gpu.remappedRowsPending().orElse(false)) {
                pending.add("GPU " + gpu.index() + ": row remap pending");
            }
        }
        if (!broken.isEmpty()) {
            return Verdict.fail(check(), VerdictText.oneLine(String.join("; ", broken), 200),
                    "The GPU's memory returned data it could not correct: results computed on it can be wrong, and"
                            + " a process touching the bad memory is killed (Xid 48/63/64/94/95).",
                    "Keep builds off this GPU: drain the agent, look at nvidia-smi -q -d ECC,ROW_REMAPPER and dmesg"
                            + " for Xid errors, reset the GPU (nvidia-smi -r) or reboot; a failed row remap needs"
                            + " the GPU serviced.");
        }
        if (!pending.isEmpty()) {
            return Verdict.warn(check(), VerdictText.oneLine(String.join("; ", pending), 200),
                    "Memory known to be bad stays in use until the GPU is reset.",
                    "Reset the GPU when it is idle (nvidia-smi -r -i <index>) or reboot the agent.");
        }
        boolean reported = gpus.stream().anyMatch(g -> g.eccEnabled().isPresent()
                || g.eccUncorrectedVolatile().isPresent() || g.remappedRowsPending().isPresent());
        if (!reported) {
            return Verdict.skip(check(), "ECC not reported by these GPUs");
        }
        List<GpuInfo> off = gpus.stream().filter(g -> !g.eccEnabled().orElse(true)).toList();
        return Verdict.pass(check(), "no uncorrected ECC errors, no pending retirement or remap on "
                + VerdictText.indexes(gpus) + (off.isEmpty() ? "" : " (ECC off on " + VerdictText.indexes(off) + ")"));
    }
}
