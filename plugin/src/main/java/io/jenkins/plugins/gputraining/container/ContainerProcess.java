package io.jenkins.plugins.gputraining.container;

import java.io.IOException;
import java.io.InputStream;

/**
 * One command running in a block's container, as the controller sees it: the agent exports the object
 * over remoting and the controller's {@link ContainerProc} calls it.
 */
interface ContainerProcess {

    /** Waits for the command to end and for its output to reach the controller; returns its exit code. */
    int join() throws IOException, InterruptedException;

    /** Stops waiting for the command; see {@link AgentExec#kill()} for what Docker allows. */
    void kill() throws IOException, InterruptedException;

    boolean isAlive() throws IOException, InterruptedException;

    /** The command's combined output when the caller asked to read it itself, else null. */
    InputStream output();
}
