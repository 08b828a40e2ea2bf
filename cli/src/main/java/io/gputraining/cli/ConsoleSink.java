package io.gputraining.cli;

import io.gputraining.engine.LogSink;
import java.io.PrintStream;

/**
 * The terminal as a {@link LogSink}: process output goes to {@code out}/stderr unchanged, the engine's own
 * messages to stderr with a prefix, so {@code gpu-training run ... > out.txt} captures only the command. A live
 * progress line is cleared before anything else is written, so the two never share a line.
 */
final class ConsoleSink implements LogSink {

    private final PrintStream out;
    private final PrintStream err;
    private final TerminalProgress progress;

    /** @param progress the live progress line to clear first, or null */
    ConsoleSink(PrintStream out, PrintStream err, TerminalProgress progress) {
        this.out = out;
        this.err = err;
        this.progress = progress;
    }

    ConsoleSink(PrintStream out, PrintStream err) {
        this(out, err, null);
    }

    @Override
    public synchronized void message(String line) {
        clearProgress();
        err.println("[gpu-training] " + line);
        err.flush();
    }

    @Override
    public synchronized void output(OutputStreamKind stream, byte[] data, int offset, int length) {
        clearProgress();
        PrintStream target = stream == OutputStreamKind.STDERR ? err : out;
        target.write(data, offset, length);
        target.flush();
    }

    private void clearProgress() {
        if (progress != null) {
            progress.clearLine();
        }
    }
}
