package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;
import java.io.Serializable;

/**
 * A container's memory limit, written as {@code docker run --memory} takes it ({@code 512m}, {@code 8g},
 * plain bytes); {@link #NONE} for no limit. The limit also caps swap, so a process that allocates past it is
 * killed by the out-of-memory killer instead of slowing the host down by swapping.
 *
 * @param bytes the limit in bytes, 0 for none
 */
public record MemoryLimit(long bytes) implements Serializable {

    /** Docker refuses smaller limits ("Minimum memory limit allowed is 6MB"). */
    public static final long MINIMUM_BYTES = 6L << 20;

    /** No limit: the container may use what the host has. */
    public static final MemoryLimit NONE = new MemoryLimit(0);

    public MemoryLimit {
        if (bytes < 0 || (bytes > 0 && bytes < MINIMUM_BYTES)) {
            throw new EngineException("Memory limit " + bytes + " bytes is not valid: give at least 6m (Docker's minimum),"
                    + " or 0 for no limit.");
        }
    }

    /**
     * Parses {@code 0}, {@code 1073741824}, {@code 512m}, {@code 8g}, {@code 64MiB}; units are binary, as Docker's.
     *
     * @throws EngineException when the text is no size, or a size below Docker's minimum
     */
    public static MemoryLimit parse(String text) {
        return new MemoryLimit(DockerSize.bytes(text, "Memory limit", "512m or 8g (0 for no limit)"));
    }

    public boolean isNone() {
        return bytes == 0;
    }

    /** {@code 256 MiB}, {@code 8 GiB}, {@code none}. */
    @Override
    public String toString() {
        if (bytes == 0) {
            return "none";
        }
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes + " bytes";
    }
}
