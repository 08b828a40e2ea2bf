package io.gputraining.engine.docker;

import io.gputraining.engine.EngineException;

/**
 * The thread was interrupted (a Jenkins abort, a CLI stopped) while connecting to the Docker daemon, so the
 * daemon's answer never came; nothing was started. {@link DockerEndpoint#connect()} cannot throw
 * {@link InterruptedException}, so it throws this with the thread's interrupt flag set again, for the caller's
 * next blocking call (or its build) to see the abort; it is not a sign that the daemon is unavailable.
 */
public class DockerConnectInterruptedException extends EngineException {
    private static final long serialVersionUID = 1L;

    public DockerConnectInterruptedException(String host, Throwable cause) {
        super("Interrupted while connecting to the Docker daemon at " + host + " (the run was aborted); nothing was started.", cause);
    }
}
