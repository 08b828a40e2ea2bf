package io.gputraining.engine.preflight;

import io.gputraining.engine.cdi.CdiErrors;
import io.gputraining.engine.runtime.GpuAccess;

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
        GpuAccess access = runtime.cdi().access();
        String given = access.mode() == GpuAccess.Mode.NONE ? "" : " as " + access.describe();
        if (runtime.gpuRequestErrorIfAny().isEmpty()) {
            return Verdict.pass(check(), VerdictText.oneLine(runtime.runtimeDescription() + " gave the container GPUs "
                    + input.evidence().gpuRequest() + given + " (runtimes: " + runtimes + ")", 200));
        }
        String error = runtime.gpuRequestError();
        String summary = "the container could not get GPUs " + input.evidence().gpuRequest() + ": "
                + VerdictText.oneLine(error, 120);
        String lower = error.toLowerCase();
        if (CdiErrors.isUnresolvedDevice(error)) {
            return Verdict.fail(check(), summary, runtime.runtimeDescription() + " gives GPUs as CDI devices ("
                    + String.join(", ", access.devices()) + ") and could not resolve them: " + VerdictText.quote(error)
                    + " (see cdi-spec)", CdiErrors.fix() + ".");
        }
        if (lower.contains("unknown device") || lower.contains("invalid device") || lower.contains("device error")) {
            return Verdict.fail(check(), summary,
                    runtime.runtimeDescription() + " refused a GPU id this agent does not have: " + VerdictText.quote(error),
                    "Ask for GPUs the agent has (run nvidia-smi -L on it to list their indexes and UUIDs), or ask for"
                            + " a count ('gpus: 1') or 'all' instead of device ids.");
        }
        if (lower.contains("could not select device driver") && !runtime.nvidiaRuntimeRegistered()) {
            return Verdict.fail(check(), summary, runtime.runtimeDescription() + " was asked for GPUs with a device request"
                    + " (what --gpus sends), which needs the NVIDIA Container Toolkit's legacy runtime hook, and has none:"
                    + " no 'nvidia' runtime registered (runtimes: " + runtimes + "): " + VerdictText.quote(error) + ". "
                    + (runtime.cdi().support().note().isEmpty() ? "" : "It does not resolve CDI devices either: "
                    + runtime.cdi().support().note() + "."), viaCdi(runtime) + ". Or keep device requests: " + INSTALL_TOOLKIT + ".");
        }
        String cause = runtime.runtimeDescription() + " cannot give containers NVIDIA GPUs: " + VerdictText.quote(error)
                + (runtime.nvidiaRuntimeRegistered() ? "" : " (no 'nvidia' runtime registered; runtimes: " + runtimes + ")");
        return Verdict.fail(check(), summary, cause, INSTALL_TOOLKIT + ".");
    }

    /** NVIDIA's current way: a CDI spec, and a runtime that resolves it. */
    private static String viaCdi(RuntimeGpuSupport runtime) {
        String generate = "generate the CDI spec ('" + CdiErrors.GENERATE_NVIDIA_SPEC + "')";
        String note = runtime.cdi().support().note();
        if (note.contains("older than 25")) {
            return "Give GPUs through CDI, as NVIDIA now recommends: " + generate + ", and upgrade Docker to 25 or later with"
                    + " '\"features\": {\"cdi\": true}' in /etc/docker/daemon.json (or run the agent on Podman); the engine then"
                    + " asks for nvidia.com/gpu devices itself";
        }
        return "Give GPUs through CDI, as NVIDIA now recommends: " + generate + ", add '\"features\": {\"cdi\": true}' to"
                + " /etc/docker/daemon.json and restart Docker; the engine then asks for nvidia.com/gpu devices itself";
    }
}
