package io.gputraining.engine.runtime;

import java.io.Serializable;

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
}
