package io.gputraining.engine.runtime;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a container is: running, or ended with an exit code.
 *
 * @param running    whether its main process still runs
 * @param exitCode   its exit code once ended; meaningless while running
 * @param oomKilled  whether the out-of-memory killer ended it
 * @param startedAt  when it started
 * @param finishedAt when it ended; null while running
 */
public record ContainerState(boolean running, int exitCode, boolean oomKilled, Instant startedAt, Instant finishedAt)
        implements Serializable {

    /** How long it has run, or ran: from its start to its end, or to now. */
    public Duration ran(Instant now) {
        return startedAt == null ? Duration.ZERO : Duration.between(startedAt, finishedAt != null ? finishedAt : now);
    }
}
