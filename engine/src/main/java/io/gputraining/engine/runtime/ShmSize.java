package io.gputraining.engine.runtime;

import io.gputraining.engine.EngineException;
import java.io.Serializable;

/**
 * The size of a container's {@code /dev/shm}, written as {@code docker run --shm-size} takes it ({@code 8g},
 * {@code 512m}). PyTorch's data loader workers pass batches through it, and NCCL its buffers; Docker's own default of
 * 64 MiB is too small for either, so the engine's containers get {@link #ENGINE_DEFAULT} unless told.
 *
 * @param bytes the size in bytes; 0 for the engine's default
 */
public record ShmSize(long bytes) implements Serializable {

    /** What a container gets when nothing is said: 2 GiB, where Docker would give 64 MiB. */
    public static final long ENGINE_DEFAULT = 2L << 30;

    /** The engine's default size. */
    public static final ShmSize DEFAULT = new ShmSize(0);

    public ShmSize {
        if (bytes < 0) {
            throw new EngineException("shm size must not be negative; give e.g. 8g, or leave it out for "
                    + "the default of 2g.");
        }
    }

    /**
     * Parses {@code 8g}, {@code 512m}, {@code 1073741824}; blank or {@code 0} for the default.
     *
     * @throws io.gputraining.engine.EngineException when the text is no size
     */
    public static ShmSize parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        return new ShmSize(DockerSize.bytes(text, "shm size", "8g or 512m, as for docker run --shm-size"));
    }

    /** The bytes a container gets: these, or the engine's default. */
    public long effectiveBytes() {
        return bytes == 0 ? ENGINE_DEFAULT : bytes;
    }

    /** {@code 8 GiB}, {@code 512 MiB}, {@code default (2 GiB)}. */
    @Override
    public String toString() {
        if (bytes == 0) {
            return "default (2 GiB)";
        }
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
