package io.gputraining.reliability;

import java.util.Random;

/**
 * How many trials a test runs, and its randomness. The default run does a few of each (CI has 90 minutes on
 * two cores); the long mode ({@code -Dgt.reliability.long=true}, {@code scripts/reliability long}) does the
 * counts the figures in docs/reliability.md come from. The seed is printed, and
 * {@code -Dgt.reliability.seed=N} replays a run.
 */
public final class Trials {

    private Trials() {
    }

    public static boolean isLong() {
        return Boolean.getBoolean("gt.reliability.long");
    }

    /** {@code quick} trials in the default run, {@code inLongMode} in the long one. */
    public static int count(int quick, int inLongMode) {
        return isLong() ? inLongMode : quick;
    }

    /** A random source for one test, seeded from {@code gt.reliability.seed} or the clock, seed printed. */
    public static Random random(String testName) {
        String configured = System.getProperty("gt.reliability.seed");
        long seed = configured != null ? Long.parseLong(configured) : System.nanoTime();
        System.out.println("[reliability] " + testName + ": seed " + seed + " (replay with -Dgt.reliability.seed=" + seed + ")");
        return new Random(seed);
    }
}
