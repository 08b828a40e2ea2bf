package io.gputraining.engine.gpu;

import java.util.Map;
import java.util.stream.Collectors;

/** Wording for "which GPUs are busy, held by whom", shared by the wait message and the timeout error. */
final class BusyGpus {

    private BusyGpus() {
    }

    /** @param busy busy GPU id to its holder, {@code null} where none is recorded */
    static String describe(Map<String, GpuHolder> busy) {
        return busy.entrySet().stream()
                .map(e -> "GPU " + e.getKey() + " is held by " + (e.getValue() == null
                        ? "a process that has not recorded who it is (yet)"
                        : e.getValue().describe()))
                .collect(Collectors.joining(", "));
    }
}
