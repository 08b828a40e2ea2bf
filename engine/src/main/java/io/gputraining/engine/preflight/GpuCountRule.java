package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.Optional;

/** {@code gpu-count}: the agent has the GPUs asked for, and torch in the container sees at least {@code minGpus}. */
final class GpuCountRule implements VerdictRule {

    @Override
    public PreflightCheck check() {
        return PreflightCheck.GPU_COUNT;
    }

    @Override
    public Verdict evaluate(VerdictInput input) {
        PreflightPolicy policy = input.policy();
        GpuRequest request = input.evidence().gpuRequest();
        int needed = Math.max(policy.minGpus(), request.deviceIds().isEmpty() ? Math.max(request.count(), 0)
                : request.deviceIds().size());
        if (needed == 0 && !input.gpusRequested()) {
            return Verdict.skip(check(), "no GPUs needed: minGpus is 0 and none were asked for");
        }
        Optional<HostGpuInventory> host = input.host();
        if (host.isPresent() && input.gpusRequested()) {
            String has = "the agent has " + VerdictText.plural(host.get().gpus().size(), "GPU", "GPUs");
            if (!input.scope().unknownIds().isEmpty()) {
                return Verdict.fail(check(), "GPU id(s) " + String.join(", ", input.scope().unknownIds())
                                + " not on this agent; " + has,
                        "The build asks for GPUs " + request + ", which this agent does not have ("
                                + (host.get().gpus().isEmpty() ? "none" : VerdictText.indexes(host.get().gpus())) + ").",
                        "Ask for GPUs the agent has (nvidia-smi -L lists their indexes and UUIDs), or for a count.");
            }
            if (host.get().gpus().size() < needed) {
                return Verdict.fail(check(), has + "; " + needed + " needed",
                        "This agent has fewer GPUs than the build needs (minGpus " + policy.minGpus() + ", gpus: "
                                + request + ").",
                        "Run the build on an agent with at least " + needed + " GPUs (restrict it to a label for"
                                + " such agents), or lower minGpus / the GPUs asked for.");
            }
        }
        if (input.importedTorch().isEmpty()) {
            return Verdict.skip(check(), "not known: torch was not imported (see torch-import)");
        }
        if (!input.cudaAvailable()) {
            return Verdict.skip(check(), "torch sees no GPU: CUDA is not available (see cuda-available)");
        }
        int visible = input.visibleGpus();
        String sees = "torch sees " + VerdictText.plural(visible, "GPU", "GPUs");
        if (visible < policy.minGpus()) {
            return Verdict.fail(check(), sees + "; at least " + policy.minGpus() + " needed",
                    "The container got or sees fewer GPUs than minGpus" + visibleDevices(input) + ".",
                    "Ask for more GPUs (gpus: " + policy.minGpus() + " or 'all') on an agent that has them, or lower"
                            + " minGpus.");
        }
        int given = input.scope().gpus().size();
        if (given > visible) {
            return Verdict.warn(check(), sees + " of the " + given + " the container was given",
                    "Something in the container hides GPUs from CUDA" + visibleDevices(input) + "; "
                            + (given - visible) + " GPU(s) stay unused.",
                    "Unset CUDA_VISIBLE_DEVICES in the image and the build's environment, or ask for only the GPUs"
                            + " the training uses.");
        }
        return Verdict.pass(check(), sees + (given > 0 ? ", the container was given " + given : "")
                + "; at least " + policy.minGpus() + " needed");
    }

    private static String visibleDevices(VerdictInput input) {
        return input.probe().map(ImageProbeReport::environment)
                .filter(env -> env.cudaVisibleDevices() != null)
                .map(env -> " (CUDA_VISIBLE_DEVICES='" + env.cudaVisibleDevices() + "')").orElse("");
    }
}
