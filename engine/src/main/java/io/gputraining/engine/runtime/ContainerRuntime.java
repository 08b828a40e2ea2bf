package io.gputraining.engine.runtime;

import io.gputraining.engine.LogSink;

/**
 * Runs commands inside an image: Docker through docker-java, or directly on the host for agents that
 * already are the GPU image. Every blocking call answers a thread interrupt by removing what it started
 * and throwing {@link InterruptedException}; nothing it creates outlives the call that owns it.
 */
public interface ContainerRuntime extends AutoCloseable {

    /**
     * Runs {@code spec.command()} to exit in a fresh container, streaming its stdout and stderr to
     * {@code sink} live and in order, then removes the container.
     */
    RunResult run(ContainerSpec spec, LogSink sink) throws InterruptedException;

    /**
     * Starts a long-lived container for {@link ContainerSession#exec} calls (what a block step needs).
     * The caller owns the session and must close it; closing removes the container.
     */
    ContainerSession start(ContainerSpec spec, LogSink sink) throws InterruptedException;

    /** A one-line description for logs and reports, e.g. {@code docker 20.10.24 (API 1.41) at unix:///…}. */
    String describe();

    /** What this runtime is and what it can do, for reports. Never throws: unknown parts are left empty. */
    RuntimeFacts facts();

    /**
     * How a container of this runtime gets {@code gpus}: CDI devices where the runtime resolves them (Podman,
     * Docker 25+ with CDI on), Docker device requests otherwise; what the run manifest records.
     */
    GpuAccess gpuAccess(GpuRequest gpus);

    /** Releases connections; containers still running are removed. */
    @Override
    void close();
}
