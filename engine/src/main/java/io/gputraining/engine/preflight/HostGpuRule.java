package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.GpuInfo;
import java.util.List;

/**
 * A rule about the host's view of the build's GPUs (nvidia-smi): skipped, with the reason, when the host was
 * not read or no GPU is in scope; otherwise judged on the GPUs in scope.
 */
abstract class HostGpuRule implements VerdictRule {

    @Override
    public final Verdict evaluate(VerdictInput input) {
        return input.skipWithoutHostGpus(check()).orElseGet(() -> evaluate(input, input.scope().gpus()));
    }

    /** Judges {@code gpus}, the host GPUs in scope (never empty). */
    abstract Verdict evaluate(VerdictInput input, List<GpuInfo> gpus);
}
