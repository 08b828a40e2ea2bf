package io.jenkins.plugins.gputraining.container;

import hudson.Proc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The controller's {@link Proc} for a command running in a block's container on the agent. */
final class ContainerProc extends Proc {

    private final ContainerProcess process;
    private final InputStream output;

    ContainerProc(ContainerProcess process) {
        this.process = process;
        this.output = process.output();
    }

    @Override
    public boolean isAlive() throws IOException, InterruptedException {
        return process.isAlive();
    }

    @Override
    public void kill() throws IOException, InterruptedException {
        process.kill();
    }

    @Override
    public int join() throws IOException, InterruptedException {
        return process.join();
    }

    /** The combined output, when the launch asked to read it ({@code readStdout()}); else null. */
    @Override
    public InputStream getStdout() {
        return output;
    }

    /** Always null: a container command's errors come with its output. */
    @Override
    public InputStream getStderr() {
        return null;
    }

    /** Always null: commands in the container get no input (Docker exec without stdin). */
    @Override
    public OutputStream getStdin() {
        return null;
    }
}
