package io.gputraining.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Wall times of repeated runs of one thing, in milliseconds. */
final class Timings {

    private final String name;
    private final List<Double> millis = new ArrayList<>();

    Timings(String name) {
        this.name = name;
    }

    /** Runs {@code action} once and records its wall time. */
    void time(ThrowingRunnable action) throws Exception {
        long t0 = System.nanoTime();
        action.run();
        millis.add((System.nanoTime() - t0) / 1e6);
    }

    double median() {
        return percentile(50);
    }

    double percentile(int p) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    String row() {
        return String.format(Locale.ROOT, "  %-48s n=%-3d median %8.1f ms   p90 %8.1f ms   min %8.1f ms",
                name, millis.size(), median(), percentile(90), percentile(0));
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
