package io.gputraining.cli;

import io.gputraining.engine.LogSink;
import java.io.PrintStream;

/**
 * The terminal as a {@link LogSink}: process output goes to our stdout/stderr unchanged, the engine's own
 * messages to stderr with a prefix, so {@code gpu-training run ... > out.txt} captures only the command.
 */
final class ConsoleSink implements LogSink {

    private final PrintStream out;
    private final PrintStream err;

    ConsoleSink(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public synchronized void message(String line) {
        err.println("[gpu-training] " + line);
        err.flush();
    }

    @Override
    public synchronized void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        PrintStream target = stream == OutputStreamKind.STDERR ? err : out;
        target.write(data, offset, length);
        target.flush();
    }
}
