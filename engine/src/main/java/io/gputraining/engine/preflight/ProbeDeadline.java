package io.gputraining.engine.preflight;

import java.time.Duration;

/**
 * Interrupts the probing thread when the whole probe run overstays its deadline — a last resort behind the
 * probe's own per-check deadlines, for what they cannot see (a daemon that never starts the container).
 * Tells its own interrupt apart from a user's abort.
 */
final class ProbeDeadline implements AutoCloseable {

    private final Thread watcher;
    private volatile boolean fired;

    ProbeDeadline(Duration limit) {
        Thread target = Thread.currentThread();
        watcher = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
                fired = true;
                target.interrupt();
            } catch (InterruptedException cancelled) {
                // the probe ended in time
            }
        }, "gpu-training probe deadline");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Whether the deadline, not somebody else, interrupted the probing thread. */
    boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        watcher.interrupt();
    }
}
