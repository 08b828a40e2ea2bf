package io.jenkins.plugins.gputraining;

import hudson.model.TaskListener;
import io.gputraining.engine.LogSink;
import java.io.PrintStream;

/**
 * The engine's log, written to a build's {@link TaskListener}. Runs on the agent: the listener's logger is
 * remotable, so what is written here appears in the build log on the controller. Lines and output chunks are
 * written under one lock so that a container's stdout and stderr (pumped on transport threads) do not tear
 * each other's bytes.
 */
final class ListenerLogSink implements LogSink {

    private final PrintStream out;

    ListenerLogSink(TaskListener listener) {
        this.out = listener.getLogger();
    }

    @Override
    public synchronized void message(String line) {
        out.println("[gpu-training] " + line);
    }

    @Override
    public synchronized void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        out.write(data, offset, length);
        out.flush();
    }
}
