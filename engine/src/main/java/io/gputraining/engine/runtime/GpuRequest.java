package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;
import java.io.Serializable;
import java.util.List;

/**
 * Which GPUs a container gets: none, all, a count, or explicit device ids (indexes or UUIDs), as
 * {@code docker run --gpus} understands them.
 *
 * @param count     -1 for all, 0 for none, a positive number for that many
 * @param deviceIds explicit ids; when non-empty, {@code count} is ignored
 */
public record GpuRequest(int count, List<String> deviceIds) implements Serializable {

    public GpuRequest {
        deviceIds = List.copyOf(deviceIds);
        if (deviceIds.isEmpty() && count < -1) {
            throw new EngineException("GPU count " + count + " is not valid: use a positive number, 0 for none, or 'all'.");
        }
        for (String id : deviceIds) {
            if (id.isBlank() || id.contains(",")) {
                throw new EngineException("GPU id '" + id + "' is not valid: give an index such as 0 or a UUID such as GPU-5f3c….");
            }
        }
    }

    /**
     * What every entry point asks for when it is not told: every GPU of the host. They are leased, so another run
     * waits for them (or is refused) rather than sharing them.
     */
    public static final String DEFAULT = "all";

    /** {@link #DEFAULT} parsed. */
    public static GpuRequest defaultRequest() {
        return parse(DEFAULT);
    }

    public static GpuRequest none() {
        return new GpuRequest(0, List.of());
    }

    public static GpuRequest all() {
        return new GpuRequest(-1, List.of());
    }

    public static GpuRequest count(int n) {
        if (n <= 0) {
            throw new EngineException("GPU count must be at least 1, was " + n + "; ask for none (no GPUs) or all instead.");
        }
        return new GpuRequest(n, List.of());
    }

    public static GpuRequest ids(List<String> ids) {
        if (ids.isEmpty()) {
            throw new EngineException("An explicit GPU list must name at least one device.");
        }
        return new GpuRequest(0, ids);
    }

    /**
     * Parses what users write: {@code all}, {@code none}, a count ({@code 2}), or a comma-separated list
     * of ids ({@code 0,1} or {@code GPU-…}); ids are told apart from a count by a leading {@code device=}
     * or by containing a comma or a non-digit.
     */
    public static GpuRequest parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equals("none") || t.equals("0")) {
            return none();
        }
        if (t.equals("all")) {
            return all();
        }
        if (t.startsWith("device=")) {
            return ids(List.of(t.substring("device=".length()).split(",", -1)));
        }
        if (t.matches("-?\\d+")) {
            return count(Integer.parseInt(t));
        }
        return ids(List.of(t.split(",", -1)));
    }

    public boolean wantsNone() {
        return deviceIds.isEmpty() && count == 0;
    }

    public boolean wantsAll() {
        return deviceIds.isEmpty() && count == -1;
    }

    @Override
    public String toString() {
        if (!deviceIds.isEmpty()) {
            return "device=" + String.join(",", deviceIds);
        }
        return wantsAll() ? "all" : wantsNone() ? "none" : Integer.toString(count);
    }
}
