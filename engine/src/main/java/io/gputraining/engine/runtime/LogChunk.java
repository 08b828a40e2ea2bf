package io.gputraining.engine.runtime;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Output of a container read from its log: stdout and stderr bytes in the order they were written, and where to
 * read on.
 *
 * @param bytes the output
 * @param next  where the next read starts
 * @param more  whether the read stopped at its size limit with more output waiting
 */
public record LogChunk(byte[] bytes, LogPosition next, boolean more) implements Serializable {

    public LogChunk {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Equal when the bytes are (a record compares arrays by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof LogChunk other && Arrays.equals(bytes, other.bytes) && java.util.Objects.equals(next, other.next) && more == other.more;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(bytes) + java.util.Objects.hashCode(next)) + Boolean.hashCode(more);
    }

    @Override
    public String toString() {
        return "LogChunk[" + bytes.length + " bytes, next=" + next + ", more=" + more + "]";
    }
}
