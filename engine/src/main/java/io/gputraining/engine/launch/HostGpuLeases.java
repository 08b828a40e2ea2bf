package io.gputraining.engine.launch;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.preflight.host.HostGpuProbe;
import io.gputraining.engine.preflight.host.NoNvidiaDriverException;
import io.gputraining.engine.preflight.host.NvidiaSmiFailedException;
import io.gputraining.engine.runtime.GpuRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * This host's GPUs as leases: reads the inventory (nvidia-smi), names every GPU by its UUID (the one id every process
 * on the host agrees on) and takes the lock files in the shared lock directory.
 */
public final class HostGpuLeases {

    private final HostGpuProbe hostProbe;
    private final Path lockDirectory;

    /**
     * @param hostProbe     the host's nvidia-smi
     * @param lockDirectory the lock directory every process on the host shares
     */
    public HostGpuLeases(HostGpuProbe hostProbe, Path lockDirectory) {
        this.hostProbe = hostProbe;
        this.lockDirectory = lockDirectory;
    }

    /**
     * Leases what {@code request} asks for, waiting up to {@code wait} for GPUs others hold; an empty lease, without
     * reading the host, for a request of none.
     *
     * @throws NoGpusToLeaseException when the host's GPUs cannot be read
     */
    public GpuLease lease(GpuRequest request, Duration wait, String owner, LogSink log) throws InterruptedException {
        if (request.wantsNone()) {
            return GpuLease.empty();
        }
        HostGpuInventory inventory = inventory(request);
        GpuLease lease = allocator(inventory).acquire(GpuIds.toUuids(request, inventory), wait, owner, log);
        log.message("Leased GPU(s) " + String.join(", ", lease.deviceIds()));
        return lease;
    }

    /**
     * Leases those GPUs of {@code request} that no other run holds now, without waiting (a check of the idle GPUs).
     *
     * @throws NoGpusToLeaseException when the host's GPUs cannot be read
     * @throws io.gputraining.engine.gpu.GpuLeaseTimeoutException when other runs hold every GPU asked for
     */
    public GpuLease leaseIdle(GpuRequest request, String owner, LogSink log) throws InterruptedException {
        if (request.wantsNone()) {
            return GpuLease.empty();
        }
        HostGpuInventory inventory = inventory(request);
        GpuLease lease = allocator(inventory).acquireIdle(GpuIds.toUuids(request, inventory), owner, log);
        log.message("Leased idle GPU(s) " + String.join(", ", lease.deviceIds()));
        return lease;
    }

    private HostGpuInventory inventory(GpuRequest request) throws InterruptedException {
        try {
            return hostProbe.probe();
        } catch (NoNvidiaDriverException | NvidiaSmiFailedException e) {
            throw new NoGpusToLeaseException("GPUs '" + request + "' were asked for, but none can be leased here. " + e.getMessage()
                    + " To run without GPUs, ask for none (when not told, every GPU of the host is asked for).", e);
        }
    }

    private GpuAllocator allocator(HostGpuInventory inventory) {
        List<String> uuids = inventory.gpus().stream().map(GpuInfo::uuid).toList();
        return new GpuAllocator(lockDirectory, uuids);
    }
}
