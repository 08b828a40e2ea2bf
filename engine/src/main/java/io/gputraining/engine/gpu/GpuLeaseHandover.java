package io.gputraining.engine.gpu;

import io.gputraining.engine.runtime.Owner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Hands a {@link GpuLease} over to another process, so that the GPUs stay leased exactly as long as that process
 * lives, whatever becomes of this JVM: a training container that must outlive an agent restart holds its own GPUs.
 * The other process locks the hold byte of each lock file (see {@link GpuLockFile}); {@link #HOLD_OFFSET} says
 * where, {@link #lockFiles()} which files.
 *
 * <p>Use: {@link #begin} (the holds are let go, the slots kept, so nobody else can start taking the GPUs) → start
 * the process with the lock files → {@link #awaitTakeover} → {@link #complete}. Closing a handover that did not
 * complete releases the lease as {@link GpuLease#close()} does.
 */
public final class GpuLeaseHandover implements AutoCloseable {

    /** The byte of a lock file the taking process must lock (length 1, exclusive, POSIX {@code fcntl}). */
    public static final long HOLD_OFFSET = GpuLockFile.HOLD;

    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long MAX_PAUSE_MILLIS = 200;

    private final GpuLease lease;
    private boolean completed;

    private GpuLeaseHandover(GpuLease lease) {
        this.lease = lease;
    }

    /**
     * Starts handing {@code lease} over: lets go of the holds, keeping the slots.
     *
     * @throws GpuLockException when a lock cannot be changed; the lease is released then
     */
    public static GpuLeaseHandover begin(GpuLease lease) {
        GpuLeaseHandover handover = new GpuLeaseHandover(lease);
        try {
            for (GpuLockFile file : lease.locks()) {
                file.openHold();
            }
        } catch (IOException e) {
            lease.close();
            throw new GpuLockException("Could not prepare the GPU lease for its container: " + e.getMessage()
                    + ". The lease was released; check the lock directory's file system.");
        }
        return handover;
    }

    /** The lock files the taking process must lock at {@link #HOLD_OFFSET}, in the lease's order. */
    public List<Path> lockFiles() {
        return lease.locks().stream().map(GpuLockFile::lockFile).toList();
    }

    /**
     * Waits until another process holds every GPU of the lease.
     *
     * @param limit      how long the taker may take
     * @param takerAlive whether the taking process still runs; when it ends first, the handover failed
     * @throws GpuLockException     when the taker did not take every GPU in time, or ended first
     * @throws InterruptedException when interrupted; the lease is still this handover's, to close
     */
    public void awaitTakeover(Duration limit, BooleanSupplier takerAlive) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (!allTakenOver()) {
            if (!takerAlive.getAsBoolean()) {
                throw new GpuLockException("The process meant to hold GPU(s) " + lease.cudaVisibleDevices()
                        + " ended before it took them over; its output says why.");
            }
            if (System.nanoTime() > deadline) {
                throw new GpuLockException("The process meant to hold GPU(s) " + lease.cudaVisibleDevices()
                        + " did not take them over within " + limit.toSeconds() + " s.");
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }

    private boolean allTakenOver() {
        try {
            for (GpuLockFile file : lease.locks()) {
                if (!file.holdTakenElsewhere()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new GpuLockException("Could not check the GPU lease's handover: " + e.getMessage() + ".");
        }
    }

    /**
     * Ends the handover: lets go of the slots and records who uses the GPUs now. From here on the lease is the
     * other process'; this JVM holds nothing.
     *
     * @param heldBy what the GPUs' holder records say, e.g. the owner and the container
     */
    public void complete(String heldBy) {
        GpuHolder holder = new GpuHolder(heldBy, Owner.thisProcess(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        synchronized (this) {
            completed = true;
        }
        lease.markHandedOver();
        lease.locks().forEach(file -> file.releaseHandedOver(holder));
    }

    /** Releases the lease unless the handover completed. */
    @Override
    public void close() {
        synchronized (this) {
            if (completed) {
                return;
            }
        }
        lease.close();
    }
}
