package io.gputraining.engine.launch;

import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.runtime.ContainerSession;

/**
 * A running container and the GPUs leased for it, closed together and in this order: the container first (it may
 * still use the GPUs), then the lease.
 */
public final class LeasedContainer implements AutoCloseable {

    private final ContainerSession session;
    private final PreparedLaunch launch;

    LeasedContainer(ContainerSession session, PreparedLaunch launch) {
        this.session = session;
        this.launch = launch;
    }

    /** The container, for execs. */
    public ContainerSession session() {
        return session;
    }

    /** The pinned image; null on the local runtime. */
    public PreparedImage image() {
        return launch.image();
    }

    /** The leased GPUs. */
    public GpuLease lease() {
        return launch.lease();
    }

    String shortId() {
        String id = session.id();
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** Removes the container, then releases the GPUs; either happens even when the other fails. */
    @Override
    public void close() {
        try {
            session.close();
        } finally {
            launch.close();
        }
    }
}
