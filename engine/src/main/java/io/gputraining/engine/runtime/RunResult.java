package io.gputraining.engine.runtime;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a one-shot container ended.
 *
 * @param exitCode    the command's exit status (137 after SIGKILL, e.g. the OOM killer)
 * @param oomKilled   whether the kernel's OOM killer ended it
 * @param containerId the container's id (already removed), or the host pid for the local runtime
 * @param duration    from create to exit
 */
public record RunResult(int exitCode, boolean oomKilled, String containerId, Duration duration) implements Serializable {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
