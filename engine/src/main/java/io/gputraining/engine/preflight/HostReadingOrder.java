package io.gputraining.engine.preflight;

/**
 * Whether the host's GPU reading, taken while the probe ran, still shows the GPUs as the training would find
 * them: the probe's own processes use a GPU only after {@code import torch} (torch creates no CUDA context when
 * imported), so a reading that ended before the probe's import could have ended is free of them. The probe
 * reports how long its import took; it started no earlier than the engine launched it. Without that report
 * (the probe failed early) only a reading that ended before the launch counts.
 */
final class HostReadingOrder {

    private HostReadingOrder() {
    }

    /**
     * @param readingEndedNanos when the host reading ended ({@link System#nanoTime()})
     * @param probeLaunchedNanos when the engine launched the probe (before its container or process existed)
     * @param probe              what the probe reported
     */
    static boolean endedBeforeAnyGpuUse(long readingEndedNanos, long probeLaunchedNanos, ImageProbeEvidence probe) {
        double importMillis = probe.reportIfAny()
                .map(r -> r.torch() == null || r.torch().elapsedMs() == null ? 0.0 : r.torch().elapsedMs())
                .orElse(0.0);
        return readingEndedNanos - probeLaunchedNanos <= (long) (importMillis * 1_000_000);
    }
}
