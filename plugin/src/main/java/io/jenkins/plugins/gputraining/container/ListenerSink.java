package io.jenkins.plugins.gputraining.container;

import hudson.model.TaskListener;
import io.gputraining.engine.LogSink;
import java.io.PrintStream;

/** The engine's {@link LogSink} writing to a build's log; lines of its own start with a marker. */
final class ListenerSink implements LogSink {

    private final PrintStream logger;

    ListenerSink(TaskListener listener) {
        this.logger = listener.getLogger();
    }

    @Override
    public void message(String line) {
        synchronized (logger) {
            logger.println("[withPytorchCuda] " + line);
        }
    }

    @Override
    public void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        synchronized (logger) {
            logger.write(data, offset, length);
        }
    }
}
