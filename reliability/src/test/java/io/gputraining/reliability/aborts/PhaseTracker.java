package io.gputraining.reliability.aborts;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Follows a run through its phases by the lines it writes, so that an abort can be aimed at a phase and the
 * phase it really landed in recorded. Phases only move forward; the run's end stops every wait. Thread-safe:
 * the output pumps feed it while the trial waits on it.
 */
final class PhaseTracker {

    private static final int TAIL_LINES = 40;

    private final List<Phase> phases;
    private final Deque<String> tail = new ArrayDeque<>();
    private int current;
    private boolean ended;

    PhaseTracker(List<Phase> phases) {
        if (phases.isEmpty() || phases.get(0).marker() != null) {
            throw new IllegalArgumentException("the first phase starts with the run: " + phases);
        }
        this.phases = List.copyOf(phases);
    }

    List<Phase> phases() {
        return phases;
    }

    synchronized void line(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        for (int i = current + 1; i < phases.size(); i++) {
            if (phases.get(i).openedBy(line)) {
                current = i;
                notifyAll();
            }
        }
    }

    synchronized void ended() {
        ended = true;
        notifyAll();
    }

    /** The phase the run is in now. */
    synchronized String current() {
        return phases.get(current).name();
    }

    /**
     * Waits until the run reaches {@code phase} (or a later one).
     *
     * @return false when the run ended, or the time ran out, first
     */
    synchronized boolean awaitReached(Phase phase, Duration timeout) throws InterruptedException {
        int wanted = phases.indexOf(phase);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current < wanted && !ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return current >= wanted;
    }

    /** The last lines, one string, for a lost trial's detail. */
    synchronized String tail() {
        return String.join(" | ", tail);
    }
}
