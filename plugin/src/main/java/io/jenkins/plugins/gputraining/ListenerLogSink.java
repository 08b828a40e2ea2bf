package io.jenkins.plugins.gputraining;

import hudson.model.TaskListener;
import io.gputraining.engine.LogSink;
import java.io.PrintStream;

/**
 * The engine's log, written to a build's {@link TaskListener}. Runs on the agent: the listener's logger is
 * remotable, so what is written here appears in the build log on the controller. Lines of its own start with the
 * step's marker; lines and output chunks are written under the logger's lock so that a container's stdout and
 * stderr (pumped on transport threads) do not tear each other's bytes.
 */
public final class ListenerLogSink implements LogSink {

    private final PrintStream out;
    private final String marker;

    /** A sink whose lines start with {@code [gpu-training]}. */
    public ListenerLogSink(TaskListener listener) {
        this(listener, "gpu-training");
    }

    /** @param step what the lines start with, in brackets: the step's name */
    public ListenerLogSink(TaskListener listener, String step) {
        this.out = listener.getLogger();
        this.marker = "[" + step + "] ";
    }

    @Override
    public void message(String line) {
        synchronized (out) {
            out.println(marker + line);
        }
    }

    @Override
    public void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        synchronized (out) {
            out.write(data, offset, length);
            out.flush();
        }
    }
}
