package io.gputraining.engine.gpu;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.Owner;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out a host's GPUs so that concurrent runs never share one by accident: threads of one JVM (two
 * Jenkins executors) and separate processes (an agent and the CLI) alike.
 *
 * <p>Each GPU has a lock file in the lock directory; holding a GPU means holding an OS lock on its file
 * ({@link java.nio.channels.FileChannel#tryLock()}), so the OS frees it when the holder's process ends,
 * however it ends. Every process on the host must use the same lock directory and name GPUs the same way
 * (all by index or all by UUID), or they will not see each other's locks.
 *
 * <p>A request is taken all at once or not at all: while waiting nothing is held, so two requests waiting
 * for each other's GPUs cannot deadlock.
 */
public final class GpuAllocator {

    /**
     * Where GPU leases are kept unless configured otherwise: every executor, block, health check and CLI on a host
     * must use the same directory, or they do not see each other's leases.
     */
    public static final String DEFAULT_LOCK_DIRECTORY = "/tmp/gpu-training-locks";
    /** How long a run waits for GPUs another run holds before it fails, unless told otherwise, in seconds. */
    public static final long DEFAULT_WAIT_SECONDS = 600;
    /** {@link #DEFAULT_WAIT_SECONDS} as a duration. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(DEFAULT_WAIT_SECONDS);

    private static final long FIRST_BACKOFF_MILLIS = 20;
    private static final long MAX_BACKOFF_MILLIS = 500;

    private final Path lockDirectory;
    private final List<String> inventory;
    private final Owner process;

    /**
     * @param lockDirectory where the lock files live; created (world-writable) if missing; shared by every
     *                      process on the host that runs training
     * @param inventory     the host's GPU ids (indexes such as {@code "0"} or UUIDs such as
     *                      {@code "GPU-5f3c…"}), in the host's order; empty for a host without GPUs
     * @throws IllegalArgumentException for blank, comma-containing or repeated ids
     */
    public GpuAllocator(Path lockDirectory, List<String> inventory) {
        this.lockDirectory = Objects.requireNonNull(lockDirectory, "lockDirectory");
        this.inventory = List.copyOf(inventory);
        if (new HashSet<>(this.inventory).size() != this.inventory.size()) {
            throw new IllegalArgumentException("GPU inventory repeats an id: " + this.inventory);
        }
        for (String id : this.inventory) {
            if (id.isBlank() || id.contains(",")) {
                throw new IllegalArgumentException("GPU inventory id '" + id + "' is blank or contains a comma");
            }
        }
        this.process = Owner.thisProcess();
    }

    /** The host's GPU ids, in order. */
    public List<String> inventory() {
        return inventory;
    }

    /** Where the lock files live. */
    public Path lockDirectory() {
        return lockDirectory;
    }

    /**
     * Leases the GPUs a request asks for, waiting up to {@code timeout} for busy ones to be released.
     * While it waits it logs, once, what it waits for and who holds it.
     *
     * @param request none (an empty lease at once), all, a count (any free ones) or explicit ids
     * @param timeout how long to wait for busy GPUs; zero tries once
     * @param owner   who is asking, recorded for others to read, e.g. {@code "train-resnet #42"}
     * @param log     where to say that it waits
     * @throws InvalidGpuRequestException  at once when the host can never satisfy the request
     * @throws GpuLeaseTimeoutException    when GPUs it needs stayed busy for the whole timeout
     * @throws GpuLockException            when the lock directory cannot be used
     * @throws InterruptedException        when interrupted while waiting; nothing is held then
     */
    public GpuLease acquire(GpuRequest request, Duration timeout, String owner, LogSink log)
            throws InterruptedException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(log, "log");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("GPU wait timeout must not be negative, was " + timeout);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted before leasing GPUs (request: " + request + ")");
        }
        GpuSelection selection = GpuSelection.of(request, inventory);
        if (selection.needed() == 0) {
            return GpuLease.empty();
        }
        Path directory = openLockDirectory();
        long start = System.nanoTime();
        long waitNanos = nanos(timeout);
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean waiting = false;
        while (true) {
            Map<String, GpuHolder> busy = new LinkedHashMap<>();
            List<GpuLockFile> taken = tryToTake(selection, directory, busy);
            if (taken != null) {
                GpuLease lease = new GpuLease(taken);
                record(selection, taken, owner, log);
                if (waiting) {
                    log.message("Got GPU " + lease.cudaVisibleDevices() + " for " + owner + " after waiting "
                            + Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0 + "s.");
                }
                return lease;
            }
            long left = waitNanos - (System.nanoTime() - start);
            if (left <= 0) {
                throw new GpuLeaseTimeoutException(selection.request(), timeout, busy);
            }
            if (!waiting) {
                waiting = true;
                log.message("Waiting up to " + GpuLeaseTimeoutException.seconds(timeout) + " for GPUs (request: "
                        + selection.request() + ", on a host with " + inventory + ") for " + owner + ": "
                        + BusyGpus.describe(busy) + ".");
            }
            // Jitter, so that two runs that failed together do not retry in lockstep.
            long sleep = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
            Thread.sleep(Math.max(1, Math.min(sleep, Duration.ofNanos(left).toMillis() + 1)));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /**
     * Leases those GPUs of the request that no other run holds right now, without waiting: for a check of the idle
     * GPUs while others train. A count takes up to that many free ones; all and explicit ids take the free ones among
     * them. Logs which were busy and who holds them.
     *
     * @throws GpuLeaseTimeoutException when every GPU asked for is held by another run
     * @throws InvalidGpuRequestException at once when the host can never satisfy the request
     */
    public GpuLease acquireIdle(GpuRequest request, String owner, LogSink log) throws InterruptedException {
        GpuSelection selection = GpuSelection.of(request, inventory);
        if (selection.needed() == 0) {
            return GpuLease.empty();
        }
        Map<String, GpuHolder> busy = new LinkedHashMap<>();
        List<GpuLockFile> taken = takeFree(selection, openLockDirectory(), busy);
        if (taken.isEmpty()) {
            throw new GpuLeaseTimeoutException(selection.request(), Duration.ZERO, busy);
        }
        record(selection, taken, owner, log);
        if (!busy.isEmpty()) {
            log.message("Leaving out GPU(s) other runs hold: " + BusyGpus.describe(busy) + ".");
        }
        return new GpuLease(taken);
    }

    /**
     * One non-blocking try: the held locks when enough candidates were free, else {@code null}, with every
     * lock of this try released again and the busy candidates (with their holders) put into {@code busy}.
     */
    private List<GpuLockFile> tryToTake(GpuSelection selection, Path directory, Map<String, GpuHolder> busy)
            throws InterruptedException {
        List<GpuLockFile> taken = takeFree(selection, directory, busy);
        if (taken.size() < selection.needed()) {
            releaseAll(taken);
            return null;
        }
        return taken;
    }

    /** Locks free candidates up to the number needed; the busy ones (with their holders) go into {@code busy}. */
    private List<GpuLockFile> takeFree(GpuSelection selection, Path directory, Map<String, GpuHolder> busy)
            throws InterruptedException {
        List<GpuLockFile> taken = new ArrayList<>();
        try {
            for (String id : selection.candidates()) {
                if (taken.size() == selection.needed()) {
                    break;
                }
                GpuLockFile file = new GpuLockFile(directory, id);
                if (file.tryLock()) {
                    taken.add(file);
                } else {
                    busy.put(id, file.readHolder().orElse(null));
                }
            }
        } catch (ClosedByInterruptException e) {
            releaseAll(taken);
            throw interrupted(selection, e);
        } catch (IOException e) {
            releaseAll(taken);
            throw new GpuLockException(directory, e);
        } catch (RuntimeException | Error e) {
            releaseAll(taken);
            throw e;
        }
        return taken;
    }

    /** Writes who holds the GPUs; failing to is worth a line in the log, not a failed run. */
    private void record(GpuSelection selection, List<GpuLockFile> taken, String owner, LogSink log)
            throws InterruptedException {
        GpuHolder holder = new GpuHolder(owner, process, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        for (GpuLockFile file : taken) {
            try {
                file.recordHolder(holder);
            } catch (ClosedByInterruptException e) {
                releaseAll(taken);
                throw interrupted(selection, e);
            } catch (IOException e) {
                log.message("Holding " + file + " but could not record who holds it (" + e + "); runs waiting"
                        + " for it will not be able to name " + owner + ".");
            }
        }
    }

    private Path openLockDirectory() {
        try {
            if (!Files.isDirectory(lockDirectory)) {
                Files.createDirectories(lockDirectory);
                // Runs of other users must be able to create lock files here.
                GpuLockFile.setPermissions(lockDirectory, "rwxrwxrwx");
            }
            return lockDirectory.toRealPath();
        } catch (IOException e) {
            throw new GpuLockException(lockDirectory, e);
        }
    }

    private static void releaseAll(List<GpuLockFile> files) {
        files.forEach(GpuLockFile::release);
    }

    private static InterruptedException interrupted(GpuSelection selection, ClosedByInterruptException cause) {
        Thread.interrupted(); // reported by the exception now, as Thread.sleep would
        InterruptedException e = new InterruptedException("Interrupted while leasing GPUs (request: "
                + selection.request() + ")");
        e.initCause(cause);
        return e;
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // centuries: as good as forever
        }
    }
}
