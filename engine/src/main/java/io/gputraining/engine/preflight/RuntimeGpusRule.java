package io.gputraining.engine.preflight;

/** {@code runtime-gpus}: the container runtime gives the probe's container the GPUs it was asked for. */
final class RuntimeGpusRule implements VerdictRule {

    /** The remedy for a daemon that cannot give GPUs (no final full stop, so callers can go on). */
    static final String INSTALL_TOOLKIT = "Install the NVIDIA Container Toolkit on the agent (package"
            + " nvidia-container-toolkit), run 'sudo nvidia-ctk runtime configure --runtime=docker', then restart"
            + " Docker ('sudo systemctl restart docker')";

    @Override
    public PreflightCheck check() {
        return PreflightCheck.RUNTIME_GPUS;
    }

    @Override
    public Verdict evaluate(VerdictInput input) {
        RuntimeGpuSupport runtime = input.evidence().runtime();
        if (!runtime.containerRuntime()) {
            return Verdict.skip(check(), VerdictText.oneLine(runtime.runtimeDescription(), 150));
        }
        if (!input.gpusRequested()) {
            return Verdict.skip(check(), "no GPUs were asked for: the container ran without GPUs");
        }
        String runtimes = runtime.runtimes().isEmpty() ? "none reported" : String.join(", ", runtime.runtimes());
        if (runtime.gpuRequestErrorIfAny().isEmpty()) {
            return Verdict.pass(check(), VerdictText.oneLine(runtime.runtimeDescription() + " gave the container GPUs "
                    + input.evidence().gpuRequest() + " (runtimes: " + runtimes + ")", 200));
        }
        String error = runtime.gpuRequestError();
        String summary = "the container could not get GPUs " + input.evidence().gpuRequest() + ": "
                + VerdictText.oneLine(error, 120);
        String lower = error.toLowerCase();
        if (lower.contains("unknown device") || lower.contains("invalid device") || lower.contains("device error")) {
            return Verdict.fail(check(), summary,
                    runtime.runtimeDescription() + " refused a GPU id this agent does not have: " + VerdictText.quote(error),
                    "Ask for GPUs the agent has (run nvidia-smi -L on it to list their indexes and UUIDs), or ask for"
                            + " a count ('gpus: 1') or 'all' instead of device ids.");
        }
        String cause = runtime.runtimeDescription() + " cannot give containers NVIDIA GPUs: " + VerdictText.quote(error)
                + (runtime.nvidiaRuntimeRegistered() ? "" : " (no 'nvidia' runtime registered; runtimes: " + runtimes + ")");
        return Verdict.fail(check(), summary, cause, INSTALL_TOOLKIT + ".");
    }
}
