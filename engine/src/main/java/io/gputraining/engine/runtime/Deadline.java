package io.gputraining.engine.runtime;

import java.time.Duration;

/**
 * Interrupts the calling thread when a time limit passes, so that a blocking runtime call ends the way an
 * abort ends it (the container removed); {@link #fired()} tells the deadline's interrupt apart from a
 * user's abort. {@link Duration#ZERO} means no limit.
 */
public final class Deadline implements AutoCloseable {

    private final Thread watcher;
    private volatile boolean fired;

    public Deadline(Duration limit) {
        if (limit.isZero() || limit.isNegative()) {
            watcher = null;
            return;
        }
        Thread target = Thread.currentThread();
        watcher = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
                fired = true;
                target.interrupt();
            } catch (InterruptedException cancelled) {
                // the work ended in time
            }
        }, "gpu-training deadline");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Whether the deadline, not somebody else, interrupted the thread. */
    public boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.interrupt();
        }
    }
}
