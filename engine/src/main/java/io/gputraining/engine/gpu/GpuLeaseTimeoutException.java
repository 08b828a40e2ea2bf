package io.gputraining.engine.gpu;

import io.gputraining.engine.EngineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The GPUs a request needs stayed busy for the whole timeout. Names each busy GPU and its holder. */
public class GpuLeaseTimeoutException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final ArrayList<String> busyDeviceIds;
    private final LinkedHashMap<String, GpuHolder> holders;

    /**
     * @param request what was asked for, as the user wrote it
     * @param timeout how long it waited
     * @param busy    each busy GPU in inventory order, mapped to its holder, or to {@code null} where the
     *                holder has not recorded itself
     */
    public GpuLeaseTimeoutException(String request, Duration timeout, Map<String, GpuHolder> busy) {
        super("Timed out after " + seconds(timeout) + " waiting for GPUs (request: " + request + "): "
                + BusyGpus.describe(busy) + ". Wait for those runs to finish, ask for other GPUs, or raise the"
                + " GPU wait timeout.");
        this.busyDeviceIds = new ArrayList<>(busy.keySet());
        this.holders = new LinkedHashMap<>();
        busy.forEach((id, holder) -> {
            if (holder != null) {
                holders.put(id, holder);
            }
        });
    }

    /** The GPUs that were busy at the last try, in inventory order. */
    public List<String> busyDeviceIds() {
        return List.copyOf(busyDeviceIds);
    }

    /** The recorded holder of each busy GPU, where one was recorded. */
    public Map<String, GpuHolder> holders() {
        return Map.copyOf(holders);
    }

    /** {@code 5s}, {@code 0.25s}: how messages show a wait. */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() / 1000.0 + "s";
    }
}
