package io.jenkins.plugins.gputraining;

import hudson.model.TaskListener;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.launch.GpuContainerLaunch;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.runtime.ContainerRuntime;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs the engine's health check ({@link GpuContainerLaunch#check}: lease the GPUs it loads, check them) in the
 * agent's JVM, where the lock directory is: the GPUs, nvidia-smi and the Docker daemon the
 * build uses are those of the agent, not of the controller. Holds only serializable values and the remotable
 * listener.
 */
final class HealthCheckOnAgent extends MasterToSlaveCallable<PreflightReport, InterruptedException> {

    private static final long serialVersionUID = 1L;

    private final HealthCheckRequest request;
    private final AgentRuntime runtime;
    private final String agentPath;
    private final TaskListener listener;

    /**
     * @param agentPath the agent's {@code PATH} (where nvidia-smi is looked up), from the build's environment
     */
    HealthCheckOnAgent(HealthCheckRequest request, AgentRuntime runtime, String agentPath, TaskListener listener) {
        this.request = request;
        this.runtime = runtime;
        this.agentPath = agentPath;
        this.listener = listener;
    }

    @Override
    public PreflightReport call() throws InterruptedException {
        ListenerLogSink log = new ListenerLogSink(listener);
        HealthCheckRequest onThisAgent = request.toBuilder().user(runtime.containerUser()).build();
        try (ContainerRuntime opened = runtime.open()) {
            return new GpuContainerLaunch(opened, runtime.images(opened), HostGpuProbe.onPath(agentPath))
                    .check(onThisAgent, log, ProgressListener.ignoring());
        } finally {
            AgentLog.delivered(listener);
        }
    }
}
