package io.gputraining.engine.train;

import io.gputraining.engine.runtime.LogChunk;
import java.io.Serializable;

/**
 * One look at a detached training ({@link TrainingContainer#poll}): its output since the last look, and whether it
 * still runs.
 *
 * @param output  what it wrote since, and where to read on
 * @param running whether its command still runs; once false, the output read is complete unless {@code output.more()}
 * @param timeout the failure when the training outran its timeout and was stopped by this look; null otherwise
 */
public record TrainingProgress(LogChunk output, boolean running, TrainingFailedException timeout) implements Serializable {

    /** Whether the training ended and all of its output has been read: time to finish it. */
    public boolean ended() {
        return !running && !output.more();
    }
}
