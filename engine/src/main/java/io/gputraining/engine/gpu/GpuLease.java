package io.gputraining.engine.gpu;

import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;

/**
 * GPUs held exclusively for one run on this host, until {@link #close()}.
 *
 * <p>The hold is an OS file lock per GPU, so it ends with the holding process no matter how that ends: a
 * crashed or killed JVM, or one that exits without closing (shutdown hooks are not needed), frees its
 * GPUs. A lease that is never closed in a JVM that keeps running holds its GPUs until that JVM exits;
 * leases are not released by garbage collection, because a dropped reference does not mean the container
 * using the GPUs has stopped. Not serializable: it lives in the process that holds the locks.
 */
public final class GpuLease implements AutoCloseable {

    private final List<String> deviceIds;
    private final List<GpuLockFile> locks;
    private boolean closed;

    /** @param locks held locks, in inventory order */
    GpuLease(List<GpuLockFile> locks) {
        this.locks = List.copyOf(locks);
        this.deviceIds = this.locks.stream().map(GpuLockFile::deviceId).toList();
    }

    /** A lease of no GPUs, for runs that asked for none. */
    public static GpuLease empty() {
        return new GpuLease(List.of());
    }

    /** The leased GPUs' ids, in the order of the host's inventory; empty for a lease of none. */
    public List<String> deviceIds() {
        return deviceIds;
    }

    /** Whether this lease holds no GPUs. */
    public boolean isEmpty() {
        return deviceIds.isEmpty();
    }

    /**
     * The ids comma-joined, as {@code CUDA_VISIBLE_DEVICES} wants them for a process on the host itself;
     * empty for a lease of none. A container given {@link #toGpuRequest()} sees its GPUs renumbered from 0,
     * so do not pass this value into one.
     */
    public String cudaVisibleDevices() {
        return String.join(",", deviceIds);
    }

    /** The GPUs to hand to a container: exactly the leased ones, or none. */
    public GpuRequest toGpuRequest() {
        return deviceIds.isEmpty() ? GpuRequest.none() : GpuRequest.ids(deviceIds);
    }

    /** The held locks, for a {@link GpuLeaseHandover}; only while not closed. */
    List<GpuLockFile> locks() {
        return locks;
    }

    /**
     * Marks the lease closed without touching its locks: a {@link GpuLeaseHandover} released them its own way.
     */
    synchronized void markHandedOver() {
        closed = true;
    }

    /** Whether {@link #close()} has been called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Releases every GPU of the lease. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        locks.forEach(GpuLockFile::release);
    }

    @Override
    public String toString() {
        return "GpuLease" + deviceIds + (isClosed() ? " (released)" : "");
    }
}
