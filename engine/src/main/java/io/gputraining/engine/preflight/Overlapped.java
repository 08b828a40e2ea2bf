package io.gputraining.engine.preflight;

import io.gputraining.engine.EngineException;

/**
 * One reading of the preflight (the host's GPUs, the runtime's facts) done on a thread of its own while the
 * probe runs, with when it ended. {@link #cancel()} interrupts it (an interrupted {@code nvidia-smi} is killed)
 * and waits a moment for it, so an aborted preflight leaves nothing running.
 */
final class Overlapped<T> {

    private static final long CANCEL_WAIT_MILLIS = 5_000;

    /** What runs in the background; may be interrupted. */
    @FunctionalInterface
    interface Reading<T> {
        T read() throws InterruptedException;
    }

    private final Thread thread;
    private final long startedNanos = System.nanoTime();
    private volatile T value;
    private volatile Throwable failure;
    private volatile long endedNanos;

    private Overlapped(String name, Reading<T> reading) {
        thread = new Thread(() -> {
            try {
                value = reading.read();
            } catch (InterruptedException e) {
                failure = e;
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                endedNanos = System.nanoTime();
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts {@code reading} now. */
    static <T> Overlapped<T> start(String name, Reading<T> reading) {
        Overlapped<T> overlapped = new Overlapped<>(name, reading);
        overlapped.thread.start();
        return overlapped;
    }

    /** Waits for the reading and returns it, or throws what it threw. */
    T await() throws InterruptedException {
        thread.join();
        Throwable e = failure;
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        if (e instanceof InterruptedException) {
            throw new EngineException("A preflight reading (" + thread.getName() + ") was interrupted without the preflight being stopped.");
        }
        return value;
    }

    /** When the reading ended (System.nanoTime()); valid after {@link #await()}. */
    long endedNanos() {
        return endedNanos;
    }

    long millis() {
        return (endedNanos - startedNanos) / 1_000_000;
    }

    /** Stops the reading if it still runs. */
    void cancel() {
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(CANCEL_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
