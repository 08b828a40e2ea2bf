package io.gputraining.reliability.aborts;

/**
 * A stretch of a run that an abort should land in: it starts when a line containing {@code marker} appears
 * in the run's output (a null marker: when the run starts), and an abort aimed at it comes a random
 * {@code 0..maxDelayMillis} after that, so that it falls anywhere inside the stretch, not only at its start.
 *
 * @param name           as recorded in the figures: {@code image}, {@code lease}, {@code preflight}, …
 * @param marker         text of the engine's (or the training's) line that opens the phase; null for the first
 * @param maxDelayMillis how long the phase lasts, roughly, on this machine
 */
record Phase(String name, String marker, int maxDelayMillis) {

    static Phase atStart(String name, int maxDelayMillis) {
        return new Phase(name, null, maxDelayMillis);
    }

    static Phase after(String marker, String name, int maxDelayMillis) {
        return new Phase(name, marker, maxDelayMillis);
    }

    boolean openedBy(String line) {
        return marker != null && line.contains(marker);
    }
}
