package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.GpuInfo;
import java.util.List;

/**
 * {@code mig}: no GPU is in MIG mode unless the policy allows it. A GPU in MIG mode given whole to a container
 * shows CUDA no device; only its MIG instances can run work, each with a slice of the GPU.
 */
final class MigRule extends HostGpuRule {

    @Override
    public PreflightCheck check() {
        return PreflightCheck.MIG;
    }

    @Override
    Verdict evaluate(VerdictInput input, List<GpuInfo> gpus) {
        if (gpus.stream().allMatch(g -> g.migEnabled().isEmpty())) {
            return Verdict.skip(check(), "MIG mode not reported: these GPUs have no MIG");
        }
        List<GpuInfo> mig = gpus.stream().filter(g -> g.migEnabled().orElse(false)).toList();
        if (mig.isEmpty()) {
            return Verdict.pass(check(), "MIG disabled on " + VerdictText.indexes(gpus));
        }
        String summary = "MIG enabled on " + VerdictText.indexes(mig);
        if (input.policy().allowMig()) {
            return Verdict.pass(check(), summary + " (allowed)");
        }
        return Verdict.fail(check(), summary,
                "A GPU in MIG mode runs work only in its MIG instances, each a slice of the GPU; given whole, CUDA"
                        + " sees no device, and a MIG instance is not the whole GPU the build expects.",
                "Disable MIG on the agent (sudo nvidia-smi -i " + VerdictText.deviceList(mig) + " -mig 0, then reset"
                        + " the GPU or reboot), or give the build MIG instances and set allowMig: true.");
    }
}
