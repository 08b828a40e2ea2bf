package io.jenkins.plugins.gputraining.container;

import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.runtime.ContainerSession;

/**
 * One running block's agent-side resources. They are closed together and in this order: the container
 * first (it may still use the GPUs), then the lease, then the daemon connection (closing the runtime
 * would remove the container too, but the explicit close says so in one place).
 */
record OpenContainer(DockerRuntime runtime, ContainerSession session, GpuLease lease) implements AutoCloseable {

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            try {
                lease.close();
            } finally {
                runtime.close();
            }
        }
    }
}
